package org.jdistcc.client.compile;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jdistcc.client.config.Fidelity;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Diagnostics;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.scheduling.Backoff;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;
import org.jdistcc.client.stats.Outcome;

/**
 * {@code JDISTCC_VERIFY=N}: one volunteer result in N, chosen at random (as icecream's {@code
 * ICECC_REPEAT_RATE} chooses), is compiled here as well, by the user's own command writing the real
 * outputs, and the volunteer's object is compared with this machine's byte for byte. The local
 * result is the one kept either way. A volunteer whose object differs is not used for {@link
 * #DISTRUST} (a lying or broken volunteer would otherwise keep being chosen), and the mismatch is
 * logged as a warning and counted as a {@code wrong_object} failure of that host in the statistics.
 */
final class Verification {
    /** How long a volunteer whose object differed is not used. */
    static final Duration DISTRUST = Duration.ofHours(1);

    /** Set in the compiler's environment; distcc seeing it at start-up means it invoked itself. */
    private static final String SAFEGUARD = "_DISTCC_SAFEGUARD";

    private final JobContext job;
    private final int every;
    private final Fidelity fidelity;
    private final HostDialects dialects;
    private final Backoff backoff;
    private final SlotPicker slots;
    private final int localSlots;

    /**
     * @param every {@code JDISTCC_VERIFY}: check one job in this many; 0 checks none
     * @param localSlots this machine's compile slots, one of which the compile here takes
     */
    Verification(
            JobContext job,
            int every,
            Fidelity fidelity,
            HostDialects dialects,
            Backoff backoff,
            SlotPicker slots,
            int localSlots) {
        this.job = job;
        this.every = every;
        this.fidelity = fidelity;
        this.dialects = dialects;
        this.backoff = backoff;
        this.slots = slots;
        this.localSlots = localSlots;
    }

    /**
     * Whether to check this kept result. Only a successful compile whose object must equal a local
     * one is checked: debug information that a distcc 3.4 volunteer made from preprocessed text
     * legitimately differs (relaxed fidelity keeps it anyway; docs/fidelity.md).
     */
    boolean wanted(CompileTask task, HostSpec host, int status) {
        if (every <= 0 || status != 0) {
            return false;
        }
        boolean exact = !task.command().emitsDebugInfo() || fidelity.strict() || dialects.features(host) != 0;
        return exact && (every == 1 || ThreadLocalRandom.current().nextInt(every) == 0);
    }

    /**
     * Compiles here what {@code host} compiled, compares the objects, and returns the local compile's
     * status. The caller has released the volunteer's slot.
     */
    int check(CompileTask task, HostSpec host) {
        Path target = task.target();
        Path theirs;
        try {
            theirs = job.temps()
                    .register(Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".volunteer"));
            Files.move(target, theirs, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            job.log().warning("cannot set " + host + "'s object aside to verify it: " + e.getMessage());
            return 0;
        }
        try {
            Local local;
            try {
                local = compileHere(task.localCommand());
            } catch (IOException e) {
                job.log().warning("cannot compile " + task.sourceName() + " here to verify it: " + e.getMessage());
                Files.move(theirs, target, StandardCopyOption.REPLACE_EXISTING);
                return 0;
            }
            if (local.status() == 0 && Files.exists(target) && Files.mismatch(target, theirs) == -1) {
                job.log().debug("verified " + task.sourceName() + " from " + host + ": the same object as here");
                return 0;
            }
            job.log()
                    .warning(host + " returned an object for " + task.sourceName()
                            + " that differs from this machine's compile (JDISTCC_VERIFY); keeping this machine's,"
                            + " and not using " + host + " for " + DISTRUST.toMinutes() + " minutes");
            job.checkAbandoned();
            backoff.markDistrusted(host, DISTRUST);
            task.progress().remoteFailed(host.toString(), RemoteFailure.Kind.WRONG_OBJECT);
            task.progress().outcome(Outcome.FALLBACK);
            if (local.status() != 0) {
                Diagnostics.stderr(job, local.stderr());
            }
            return local.status();
        } catch (IOException e) {
            job.log()
                    .warning("cannot compare " + host + "'s object for " + task.sourceName() + " with this machine's: "
                            + e.getMessage());
            return Files.exists(target) ? 0 : 1;
        } finally {
            job.temps().delete(theirs);
        }
    }

    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
    private record Local(int status, byte[] stderr) {}

    /** The user's command, quietly (the volunteer's diagnostics were shown already), in a slot of this machine. */
    @SuppressWarnings("try") // the slot is held for the compile's duration, not used
    private Local compileHere(List<String> command) throws IOException {
        try (Slot slot = slots.acquire(List.of(new HostSpec.Local(localSlots)), Set.of())) {
            var builder = job.configure(new ProcessBuilder(command))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put(SAFEGUARD, "1");
            Process process = job.temps().register(builder.start());
            try {
                byte[] stderr = process.getErrorStream().readAllBytes();
                return new Local(waitFor(process), stderr);
            } finally {
                process.destroyForcibly();
                job.temps().forget(process);
            }
        }
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // keep waiting; a signal to us ends the JVM through its shutdown hooks
            }
        }
    }
}
