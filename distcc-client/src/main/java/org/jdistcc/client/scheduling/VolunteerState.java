package org.jdistcc.client.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.jdistcc.client.hosts.HostSpec;

/**
 * What {@code distcc --show-hosts -v} says of a host's state, from the files this user's clients
 * share: its learned pace ({@link LearnedSpeeds}), its slots held now ({@link BusySlots}), its last
 * load report and its backoff. distcc 3.4 has nothing of the kind to show.
 */
public final class VolunteerState {
    private VolunteerState() {}

    public static String describe(HostSpec host, LearnedSpeeds speeds, BusySlots busy, Backoff backoff, Clock clock) {
        var out = new StringBuilder();
        LearnedSpeeds.Pace pace = speeds.get(host);
        if (pace != null && pace.samples() > 0) {
            out.append(
                    String.format(Locale.ROOT, "pace %.1f ms/unit from %d compiles", pace.msPerUnit(), pace.samples()));
        } else {
            out.append("pace not learned yet");
        }
        out.append("; ")
                .append(busy.count(host))
                .append(" of ")
                .append(host.limit())
                .append(" slots busy");
        if (pace != null && pace.load() != null) {
            LearnedSpeeds.Load load = pace.load();
            long ago = Math.max(
                    0, Duration.between(load.reported(), clock.instant()).toSeconds());
            out.append("; said ")
                    .append(load.free())
                    .append(" free of ")
                    .append(load.jobs())
                    .append(", ")
                    .append(load.queue())
                    .append(" queued, ")
                    .append(ago)
                    .append(" s ago");
        }
        if (!(host instanceof HostSpec.Local) && backoff.isBackedOff(host)) {
            out.append("; BACKED OFF after a recent failure");
        }
        return out.toString();
    }
}
