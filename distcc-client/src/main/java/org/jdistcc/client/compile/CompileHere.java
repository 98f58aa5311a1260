package org.jdistcc.client.compile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Diagnostics;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.job.OutputFiles;
import org.jdistcc.client.monitor.JobProgress;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;
import org.jdistcc.client.stats.Outcome;

/**
 * The one tail of every compile that runs on this machine, for any {@link Why}: refuses a fallback
 * that {@code DISTCC_FALLBACK=0} forbids, takes a slot of this machine when the reason says so,
 * counts the outcome, and runs the real compiler as the user's process would.
 */
final class CompileHere {
    private final JobContext job;
    private final JobProgress progress;
    private final SlotPicker slots;
    private final int localSlots;
    private final boolean fallbackAllowed;

    /**
     * @param localSlots this machine's compile slots ({@code --localslots})
     * @param fallbackAllowed false under {@code DISTCC_FALLBACK=0}
     */
    CompileHere(JobContext job, JobProgress progress, SlotPicker slots, int localSlots, boolean fallbackAllowed) {
        this.job = job;
        this.progress = progress;
        this.slots = slots;
        this.localSlots = localSlots;
        this.fallbackAllowed = fallbackAllowed;
    }

    /**
     * @param localCommand the command, compiler resolved to a path
     * @param heldSlot the held localhost slot's index, for {@link Why.SlotPolicy#SLOT_HELD}
     */
    int run(List<String> localCommand, Why why, int heldSlot) {
        String source = progress.source().isEmpty() ? "(unknown)" : progress.source();
        if (why.refusal() != null && !fallbackAllowed) {
            progress.outcome(Outcome.FAILED);
            job.log().error("failed to distribute and fallbacks are disabled");
            Diagnostics.stderr(job, why.volunteerStderr());
            return why.refusal().code();
        }
        progress.outcome(why.outcome());
        if (why.refusal() != null) {
            job.log().warning(why.text());
        } else {
            job.log().info("compiling " + source + " locally: " + why.text());
        }
        return switch (why.slot()) {
            case SLOT_HELD -> runIn(localCommand, heldSlot);
            case NO_SLOT -> runIn(localCommand, -1);
            case TAKE_LOCAL_SLOT -> {
                try (Slot slot = slots.acquire(List.of(new HostSpec.Local(localSlots)), Set.of())) {
                    yield runIn(localCommand, slot.index());
                } catch (IOException e) {
                    job.log().warning("cannot take a local slot: " + e.getMessage());
                    yield runIn(localCommand, -1);
                }
            }
        };
    }

    /** A slot of this machine if one is idle now, for {@link RaceHere}, which never waits for one; else null. */
    Slot idleSlot() throws IOException {
        return slots.tryAcquire(List.of(new HostSpec.Local(localSlots)), Set.of());
    }

    /**
     * Keeps what a compile here that raced a volunteer ({@link RaceHere}) left, as if it had run as
     * the user's process: its object in place (renamed: it appears complete), its output printed.
     */
    int keep(RaceHere.Result result, Why why, Path target) throws IOException {
        progress.outcome(why.outcome());
        job.log().debug("compiling locally: " + why.text());
        if (result.status() == 0) {
            job.applyUmask(result.object());
            OutputFiles.move(job.temps(), result.object(), target);
        }
        Diagnostics.stderr(job, result.stderr());
        Diagnostics.stdout(job, result.stdout());
        return result.status();
    }

    private int runIn(List<String> localCommand, int slotIndex) {
        progress.compilingHere(slotIndex);
        return job.runHere(localCommand);
    }
}
