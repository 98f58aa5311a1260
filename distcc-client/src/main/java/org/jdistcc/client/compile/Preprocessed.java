package org.jdistcc.client.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.monitor.Phase;
import org.jdistcc.client.scheduling.InFlight;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;

/**
 * The source preprocessed here once, before a volunteer is chosen: the text the preprocessed dialect
 * sends and the list of inputs source mode sends. Running it first means no volunteer's slot is held
 * while the preprocessor runs (distcc 3.4 holds one, {@code src/compile.c}), and the compile is
 * placed when it is ready to go. The text comes through a pipe and is held in memory, or in the
 * job's temporary file when large ({@link StagedText}), until the compile is done with it.
 *
 * @param text the preprocessed text
 * @param stderr what the preprocessor printed, shown only if the compile's result is kept
 * @param status its exit status (128 + signal if killed)
 */
record Preprocessed(StagedText text, byte[] stderr, int status) {
    static Preprocessed run(CompileTask task, Settings settings, SlotPicker slots, int cppSlots, Clock clock)
            throws IOException {
        var job = task.job();
        task.progress().phase(Phase.PREPROCESS);
        try (Slot slot = slots.acquire(List.of(new HostSpec.Local(cppSlots)), Set.of())) {
            // Counted so that placing a compile here allows for the preprocessors running here.
            slot.track(InFlight.HERE.start(InFlight.PREPROCESSORS, clock.instant(), clock.instant()));
            Preprocessor cpp = Preprocessor.startToPipe(job, task.localPreprocessCommand(Path.of("-")));
            StagedText text = null;
            try {
                text = stage(task, settings, cpp);
            } finally {
                if (text == null) {
                    cpp.kill(); // it would wait on a full pipe nobody reads
                }
            }
            int status = cpp.await();
            return new Preprocessed(text, cpp.stderr(), status);
        }
    }

    /** What a preprocessor started by {@link Preprocessor#startToPipe} writes, to its end. */
    static StagedText stage(CompileTask task, Settings settings, Preprocessor cpp) throws IOException {
        var temps = task.job().temps();
        return StagedText.read(
                cpp.text(),
                temps.kept() ? 0 : StagedText.IN_MEMORY,
                temps,
                () -> temps.register(Files.createTempFile(
                        settings.tmpDir(),
                        "distcc_",
                        task.command().preprocessedExtension().orElse(".i"))));
    }
}
