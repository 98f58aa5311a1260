package org.jdistcc.client.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jdistcc.client.hosts.HostSpec;

/**
 * Where a compile ready to go will finish first: the policy alone, over estimates, with no files
 * and no clock of its own. A host with a slot that may be free finishes it at {@code now + run}; a
 * host whose slots are all taken finishes it at {@code release + run}, where release is when the
 * earliest of its compiles is expected to end. The plan lists the hosts worth trying now, best
 * first, and when to look again if none of them has a slot: a compile waits for a fast host's next
 * slot rather than start on a slow host where it would end later (distcc 3.4 takes the first free
 * slot in list order, {@code src/where.c}).
 */
public final class Placement {
    /**
     * One candidate.
     *
     * @param run how long the compile is expected to hold a slot there
     * @param ownEnds when the compiles this JVM runs there are expected to end, earliest first
     * @param foreignFullSince non-null when every slot was found taken by other processes, since then
     */
    public record Option(HostSpec host, Duration run, List<Instant> ownEnds, Instant foreignFullSince) {
        public Option {
            ownEnds = List.copyOf(ownEnds);
        }
    }

    /**
     * @param tryNow hosts whose slot is worth taking now, best first
     * @param waitUntil when to plan again if none of them has a free slot: the best full host's release
     * @param bestFull the full host where the compile would finish first, or null
     */
    public record Plan(List<Option> tryNow, Instant waitUntil, Option bestFull) {}

    private Placement() {}

    public static Plan plan(Instant now, List<Option> options) {
        Option bestFull = null;
        Instant bestFullFinish = null;
        Instant bestFullRelease = null;
        List<Option> open = new ArrayList<>();
        for (Option o : options) {
            Instant release = release(now, o);
            if (release == null) {
                open.add(o);
                continue;
            }
            Instant finish = release.plus(o.run());
            if (bestFullFinish == null || finish.isBefore(bestFullFinish)) {
                bestFull = o;
                bestFullFinish = finish;
                bestFullRelease = release;
            }
        }
        open.sort(Comparator.comparing(Option::run));
        List<Option> tryNow = new ArrayList<>();
        for (Option o : open) {
            // Equal is worth taking now: a slot in hand beats an estimate.
            if (bestFullFinish == null || !now.plus(o.run()).isAfter(bestFullFinish)) {
                tryNow.add(o);
            }
        }
        return new Plan(tryNow, bestFullRelease == null ? now : bestFullRelease, bestFull);
    }

    /** When a slot of this host is expected to free; null if one may be free now. */
    static Instant release(Instant now, Option o) {
        int limit = o.host().limit();
        int own = o.ownEnds().size();
        Instant release;
        if (own >= limit) {
            release = o.ownEnds().get(own - limit);
        } else if (o.foreignFullSince() != null) {
            // Held by another process, whose compiles we cannot see: half a compile from when we
            // first found it full (not from now, or a busy host would always seem about to free).
            release = o.foreignFullSince().plus(o.run().dividedBy(2));
            if (own > 0 && o.ownEnds().getFirst().isBefore(release)) {
                release = o.ownEnds().getFirst();
            }
        } else {
            return null;
        }
        if (!release.isAfter(now)) {
            // Overdue: the longer past its end, the longer it is expected to go on (as long again),
            // so a host that never frees does not hold a compile forever; never less than a tenth
            // of a compile.
            Duration late = Duration.between(release, now);
            Duration tenth = o.run().dividedBy(10);
            release = now.plus(late.compareTo(tenth) > 0 ? late : tenth);
        }
        return release;
    }
}
