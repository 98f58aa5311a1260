package org.jdistcc.client.compile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.scheduling.InFlight;
import org.jdistcc.client.scheduling.KnownVolunteers;
import org.jdistcc.client.scheduling.LearnedSpeeds;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.Limits;

/**
 * Keeps what jdistcc volunteers say of their load fresh while compiles are placed, so that a fast
 * volunteer other users keep busy looks as slow as it is (issue 16, "several clients, one farm"): a
 * hello to each jdistcc candidate whose last report (shared through {@code DISTCC_DIR}) is older than
 * {@link #FRESH}, in the background, one at a time per volunteer. Placement never waits for one; it
 * reads the reports from {@link LearnedSpeeds}. A hello's {@code jobs}, {@code free} and {@code queue}
 * less this JVM's compiles there are the other clients' jobs. distcc 3.4's volunteers are not asked.
 */
public final class VolunteerLoads {
    /** A report younger than this is not asked again. */
    static final Duration FRESH = Duration.ofMillis(400);
    /**
     * How long a compile waits for the first report of a volunteer: a hello's round trip on a LAN,
     * unless the client has just started (a cold agent takes a few hundred ms for its first hello).
     */
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    /** A jdistcc volunteer answers a hello at once, before any slot is free. */
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(2);

    private final InFlight running;
    private final Clock clock;
    private final Set<HostSpec> asking = ConcurrentHashMap.newKeySet();

    VolunteerLoads(InFlight running) {
        this(running, Clock.systemUTC());
    }

    VolunteerLoads(InFlight running, Clock clock) {
        this.running = running;
        this.clock = clock;
    }

    /**
     * Asks each jdistcc volunteer among {@code candidates} whose report is stale; waits (at most
     * {@link #FIRST_WAIT}) only for those with no report at all, as the first compile of a build
     * placed blind would go to a volunteer others keep busy.
     */
    void refresh(List<HostSpec> candidates, HostDialects dialects, LearnedSpeeds speeds, Settings settings) {
        Instant now = clock.instant();
        List<Thread> unknown = new ArrayList<>();
        for (HostSpec host : candidates) {
            KnownVolunteers.Known known = dialects.known(host);
            if (!(host instanceof HostSpec.Tcp)
                    || known == null
                    || known.dialect() != KnownVolunteers.Dialect.JDISTCC) {
                continue;
            }
            LearnedSpeeds.Pace pace = speeds.get(host);
            if (fresh(pace, now) || !asking.add(host)) {
                continue;
            }
            Thread asker = Thread.ofVirtual().name("load " + host).start(() -> {
                try {
                    ask(host, speeds, settings);
                } finally {
                    asking.remove(host);
                }
            });
            if (pace == null || pace.load() == null) {
                unknown.add(asker);
            }
        }
        long until = System.nanoTime() + FIRST_WAIT.toNanos();
        try {
            for (Thread asker : unknown) {
                long left = until - System.nanoTime();
                if (left <= 0 || !asker.join(Duration.ofNanos(left))) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean fresh(LearnedSpeeds.Pace pace, Instant now) {
        return pace != null
                && pace.load() != null
                && Duration.between(pace.load().reported(), now).compareTo(FRESH) < 0;
    }

    private void ask(HostSpec host, LearnedSpeeds speeds, Settings settings) {
        Timeouts t = settings.timeouts();
        var sender = new JobSender(
                new Timeouts(t.resolve(), t.connect(), HELLO_TIMEOUT), settings.sshCommand(), Limits.DEFAULT);
        try {
            Hello hello = sender.hello(host);
            if (hello != null) {
                report(speeds, host, hello.facts());
            }
        } catch (RemoteFailure e) {
            // The next compile sent there finds out, and backs it off.
        }
    }

    /** Records the load a volunteer told in the hello {@link HostDialects} just had from it. */
    void heard(LearnedSpeeds speeds, HostSpec host, KnownVolunteers.Known known) {
        if (known != null && known.dialect() == KnownVolunteers.Dialect.JDISTCC) {
            report(speeds, host, known.facts());
        }
    }

    private static double number(Map<String, String> facts, String key) {
        String value = facts.get(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    /** A hello's facts as a load report; a volunteer that does not tell them all (an older jdistcc) teaches nothing. */
    void report(LearnedSpeeds speeds, HostSpec host, Map<String, String> facts) {
        try {
            int jobs = Integer.parseInt(facts.get("jobs"));
            int free = Integer.parseInt(facts.get("free"));
            int queue = Integer.parseInt(facts.get("queue"));
            if (jobs < 1 || free < 0 || queue < 0) {
                return;
            }
            int others = jobs - free + queue - running.count(host.lockName());
            // A job ahead holds a slot as long as its compiles take, or as those running have run.
            double jobMillis = Math.max(number(facts, "compile_ms"), number(facts, "running_ms"));
            if (Double.isNaN(jobMillis)) {
                jobMillis = Double.isNaN(number(facts, "compile_ms"))
                        ? number(facts, "running_ms")
                        : number(facts, "compile_ms");
            }
            speeds.report(host, free, queue, jobs, others, jobMillis, number(facts, "pace"));
        } catch (RuntimeException e) {
            // not told, or not a number
        }
    }
}
