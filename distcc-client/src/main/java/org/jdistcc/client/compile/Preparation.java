package org.jdistcc.client.compile;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.includes.Result;
import org.jdistcc.client.scheduling.SlotPicker;

/**
 * What a compile needs here before it is placed, made once and outside any volunteer's slot (distcc
 * 3.4 preprocesses while holding one, {@code src/compile.c}): the preprocessed text when a candidate
 * takes text, else the include analysis of the dialect that sends the sources. Either one sizes the
 * compile for placement ({@link Work}). Source and pump mode never need the preprocessor here unless
 * the analysis cannot be sure: running it only to size the compile would spend the CPU their analysis
 * saves.
 */
final class Preparation {
    /** The compile, ready to place; or why it is compiled here instead. */
    sealed interface Outcome {}

    record Ready(CompileTask task) implements Outcome {}

    record Here(Why why) implements Outcome {}

    private Preparation() {}

    static Outcome prepare(
            CompileTask task,
            List<Dialect> dialects,
            List<HostSpec> candidates,
            IncludeAnalysis analysis,
            Settings settings,
            SlotPicker slots,
            int cppSlots) {
        if (!task.command().needsPreprocessing()) {
            return new Ready(task);
        }
        boolean textWanted = false;
        IncludeAnalysis.Request request = null;
        for (HostSpec host : candidates) {
            for (Dialect dialect : dialects) {
                if (dialect.speaks(host)) {
                    IncludeAnalysis.Request asked = dialect.analysisRequest(task);
                    if (asked == null) {
                        textWanted = true;
                    } else if (request == null) {
                        request = asked;
                    }
                    break;
                }
            }
        }
        if (!textWanted) {
            if (request == null) {
                return new Ready(task); // only this machine: it compiles the source itself
            }
            Result found = analysis.analyse(request);
            task = task.with(new Analysed(request, found));
            if (found instanceof Result.Inputs) {
                return new Ready(task);
            }
            // It cannot be sure: every dialect falls back to the preprocessor's text or listing.
            task.job()
                    .log()
                    .debug("include analysis of " + task.sourceName() + " gave up: "
                            + ((Result.CannotBeSure) found).reason() + "; preprocessing here first");
        }
        try {
            Preprocessed text = Preprocessed.run(task, settings, slots, cppSlots, Clock.systemUTC());
            if (text.status() != 0) {
                text.text().release(task.job().temps());
                // The source's own fault. A direct local run gives the exact diagnostics.
                return new Here(Why.rerun(
                        "preprocessor failed with status " + text.status() + "; compiling here for its diagnostics"));
            }
            return new Ready(task.with(text));
        } catch (IOException e) {
            return new Here(Why.rerun("cannot preprocess here: " + e.getMessage()));
        }
    }
}
