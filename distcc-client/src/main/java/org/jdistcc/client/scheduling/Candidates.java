package org.jdistcc.client.scheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostSpec;

/**
 * Which hosts of the list may take a compile, in the order to try them: hosts backed off after a
 * recent failure are left out (distcc 3.4's {@code dcc_remove_disliked}), and so are those that
 * cannot do this compile in any dialect; {@code --randomize} shuffles what remains per client.
 * Policy only: taking a slot and trying are the caller's.
 */
public final class Candidates {
    /** A host left out, and why (for the log). */
    public record Skipped(HostSpec host, String why) {}

    /**
     * The hosts to try, and those left out and why.
     *
     * @param usable the hosts to try, in order
     * @param byBackoff hosts left out because they failed recently
     * @param byDialect hosts left out because they cannot do this compile (with the reason)
     */
    public record Choice(List<HostSpec> usable, List<HostSpec> byBackoff, List<Skipped> byDialect) {
        public Choice {
            usable = List.copyOf(usable);
            byBackoff = List.copyOf(byBackoff);
            byDialect = List.copyOf(byDialect);
        }
    }

    private Candidates() {}

    /**
     * The hosts to try for this compile.
     *
     * @param unsuitable for each remote host, why no dialect can do this compile there, or null
     * @param seed the client's pid: distcc 3.4 shuffles with {@code srand(getpid())}
     */
    public static Choice choose(HostList hosts, Backoff backoff, Function<HostSpec, String> unsuitable, long seed) {
        List<HostSpec> usable = new ArrayList<>();
        List<HostSpec> backedOff = new ArrayList<>();
        List<Skipped> byDialect = new ArrayList<>();
        for (HostSpec host : hosts.hosts()) {
            if (backoff.isBackedOff(host)) {
                backedOff.add(host);
                continue;
            }
            String why = host instanceof HostSpec.Local ? null : unsuitable.apply(host);
            if (why != null) {
                byDialect.add(new Skipped(host, why));
            } else {
                usable.add(host);
            }
        }
        if (hosts.randomize()) {
            Collections.shuffle(usable, new Random(seed));
        }
        return new Choice(usable, backedOff, byDialect);
    }
}
