package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdistcc.client.hosts.HostSpec;

/**
 * Takes a slot for a compile on the host where it is expected to finish first ({@link Placement}),
 * at the moment the compile is ready to go: estimates from {@link LearnedSpeeds}, what this JVM runs
 * ({@link InFlight}), and distcc 3.4's lock files, which stay the hard limit per host (Debian's
 * clients take the same ones). When the best host is full it waits for that host, woken by a
 * release in this JVM and polling for other processes' releases.
 */
public final class FinishFirst {
    /**
     * A held slot and how long the compile is expected to hold it.
     *
     * @param crowding how much of {@code expected} is the volunteer's other clients' jobs ahead of it
     *     (1: none; 2: it takes twice its own pace), so that what it took teaches the pace without them
     */
    public record Placed(Slot slot, Duration expected, double crowding) {}

    /** The pace assumed of a host nobody has measured, when no host has been measured either. */
    static final double DEFAULT_MS_PER_UNIT = 20;
    /** How much faster than the fastest measured host an unmeasured one is assumed. */
    static final double UNMEASURED_EDGE = 0.9;
    /** Another process's release is noticed by polling this often while waiting. */
    static final Duration POLL = Duration.ofMillis(100);
    /** Paces are read again from DISTCC_DIR this often during one wait. */
    private static final Duration REREAD = Duration.ofSeconds(1);

    private final SlotPicker slots;
    private final LearnedSpeeds speeds;
    private final InFlight running;
    private final Clock clock;
    private final int cores;

    /** @param cores this machine's processors: how much its preprocessors slow a compile here */
    public FinishFirst(SlotPicker slots, LearnedSpeeds speeds, InFlight running, Clock clock, int cores) {
        this.slots = slots;
        this.speeds = speeds;
        this.running = running;
        this.clock = clock;
        this.cores = Math.max(1, cores);
    }

    /**
     * Waits until a slot is held on the host where a compile of {@code units} finishes first, and
     * counts the compile as running there. Null only if every candidate is excluded.
     *
     * @param waiting told once, when the compile starts to wait
     */
    public Placed acquire(List<HostSpec> candidates, Set<HostSpec> excluded, double units, Runnable waiting)
            throws IOException {
        List<HostSpec> hosts =
                candidates.stream().filter(h -> !excluded.contains(h)).toList();
        if (hosts.isEmpty()) {
            return null;
        }
        // Hosts found full (by other processes' locks) since the last wake, and since when they are
        // found full during this wait.
        Set<HostSpec> fullNow = new java.util.HashSet<>();
        Map<HostSpec, Instant> seenFull = new HashMap<>();
        Map<HostSpec, LearnedSpeeds.Pace> paces = paces(hosts);
        Instant pacesRead = clock.instant();
        try {
            while (true) {
                Instant now = clock.instant();
                if (Duration.between(pacesRead, now).compareTo(REREAD) > 0) {
                    paces = paces(hosts);
                    pacesRead = now;
                }
                List<Placement.Option> options = new ArrayList<>();
                for (HostSpec h : hosts) {
                    options.add(new Placement.Option(
                            h,
                            estimate(h, units, paces),
                            running.expectedEnds(h.lockName()),
                            fullNow.contains(h) ? seenFull.get(h) : null));
                }
                Placement.Plan plan = Placement.plan(now, options);
                boolean replan = false;
                for (Placement.Option o : plan.tryNow()) {
                    Slot slot = slots.tryAcquire(List.of(o.host()), Set.of());
                    if (slot != null) {
                        double crowding = crowding(o.host(), units, paces);
                        slot.track(running.start(o.host().lockName(), now, now.plus(o.run())));
                        return new Placed(slot, o.run(), crowding);
                    }
                    fullNow.add(o.host());
                    seenFull.putIfAbsent(o.host(), now);
                    replan = true;
                    break;
                }
                if (replan) {
                    continue;
                }
                if (waiting != null) {
                    waiting.run();
                    waiting = null;
                }
                long wait = Math.min(Duration.between(now, plan.waitUntil()).toMillis(), POLL.toMillis());
                running.awaitRelease(Math.max(wait, 5));
                // Try every host again: another process may have released one.
                fullNow.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a slot", e);
        }
    }

    private Map<HostSpec, LearnedSpeeds.Pace> paces(List<HostSpec> hosts) {
        Map<HostSpec, LearnedSpeeds.Pace> paces = new HashMap<>();
        for (HostSpec h : hosts) {
            LearnedSpeeds.Pace p = speeds.get(h);
            if (p != null) {
                paces.put(h, p);
            }
        }
        return paces;
    }

    /** {@link #estimate(HostSpec, double, Map)} with what is learned now. */
    public Duration estimate(HostSpec host, double units, List<HostSpec> others) {
        return estimate(host, units, pacesWith(host, others));
    }

    private Map<HostSpec, LearnedSpeeds.Pace> pacesWith(HostSpec host, List<HostSpec> others) {
        List<HostSpec> all = new ArrayList<>(others);
        all.add(host);
        return paces(all);
    }

    /** How long a compile of {@code units} takes on {@code host} once in a slot: no other clients' jobs ahead. */
    public Duration alone(HostSpec host, double units, List<HostSpec> others) {
        return Duration.ofNanos((long) (ownMillis(host, units, pacesWith(host, others)) * 1e6));
    }

    /**
     * How long a compile of {@code units} is expected to hold a slot of {@code host}: its learned
     * pace (else {@link #unmeasured}), slowed here by this machine's own preprocessors, and on a
     * volunteer after the other clients' jobs ahead of it there ({@link #queueWait}).
     */
    public Duration estimate(HostSpec host, double units, Map<HostSpec, LearnedSpeeds.Pace> paces) {
        double run = ownMillis(host, units, paces);
        return Duration.ofNanos((long) ((run + queueWait(host, paces.get(host), run)) * 1e6));
    }

    /** The estimate without the other clients' jobs ahead: the compile's own time there, in ms. */
    private double ownMillis(HostSpec host, double units, Map<HostSpec, LearnedSpeeds.Pace> paces) {
        LearnedSpeeds.Pace pace = paces.get(host);
        double ms = pace != null && pace.samples() > 0 ? pace.msPerUnit() : unmeasured(host, paces);
        double run = ms * Math.max(units, 0.1);
        if (host instanceof HostSpec.Local) {
            run *= 1 + (double) running.count(InFlight.PREPROCESSORS) / cores;
        }
        return run;
    }

    /** The estimate over the compile's own time: 1 with nobody ahead of it, 2 when it waits as long as it runs. */
    double crowding(HostSpec host, double units, Map<HostSpec, LearnedSpeeds.Pace> paces) {
        double run = ownMillis(host, units, paces);
        return run > 0 ? (run + queueWait(host, paces.get(host), run)) / run : 1;
    }

    /**
     * How long a compile sent to a volunteer shared with other clients waits for a slot there: with
     * {@code n} jobs there (the others' it last reported, this JVM's, and this one) and {@code --jobs}
     * slots, {@code n - jobs} are ahead of it, and a slot frees every {@code job / jobs}, where a job
     * takes what the volunteer said its compiles take (else this one's {@code run}). 0 while a slot
     * is left for it, or with no fresh report (distcc 3.4's volunteers say nothing; their queue
     * shows only in the pace learned).
     */
    double queueWait(HostSpec host, LearnedSpeeds.Pace pace, double run) {
        if (pace == null || pace.load() == null || pace.load().jobs() < 1) {
            return 0;
        }
        LearnedSpeeds.Load load = pace.load();
        int ahead = load.others() + running.count(host.lockName()) + 1 - load.jobs();
        if (ahead <= 0) {
            return 0;
        }
        double job = Double.isNaN(load.jobMillis()) ? run : load.jobMillis();
        return job * ahead / load.jobs();
    }

    /**
     * The pace assumed of a host not measured here: when it said its own pace, in proportion to a
     * measured host's that said its own (else to the fastest that said one); else {@link #prior}.
     * So a client new to a farm sends its first compiles to the volunteers that are fast now.
     */
    static double unmeasured(HostSpec host, Map<HostSpec, LearnedSpeeds.Pace> paces) {
        LearnedSpeeds.Pace pace = paces.get(host);
        double said = pace == null ? Double.NaN : pace.volunteerPace();
        if (!(said > 0)) {
            return prior(paces);
        }
        var measured = paces.values().stream()
                .filter(p -> p.samples() > 0 && p.volunteerPace() > 0)
                .min(java.util.Comparator.comparingDouble(LearnedSpeeds.Pace::msPerUnit));
        if (measured.isPresent()) {
            return measured.get().msPerUnit() * said / measured.get().volunteerPace();
        }
        double fastest = paces.values().stream()
                .mapToDouble(LearnedSpeeds.Pace::volunteerPace)
                .filter(v -> v > 0)
                .min()
                .orElse(said);
        return prior(paces) * said / fastest;
    }

    /**
     * The pace assumed of a host nobody measured: a little faster than the fastest measured, so that
     * it is tried once (with a slow host first in the list measured alone, an unmeasured host
     * assumed as slow would never be tried while that host has a slot).
     */
    static double prior(Map<HostSpec, LearnedSpeeds.Pace> paces) {
        return paces.values().stream()
                        .filter(p -> p.samples() > 0)
                        .mapToDouble(LearnedSpeeds.Pace::msPerUnit)
                        .min()
                        .orElse(DEFAULT_MS_PER_UNIT / UNMEASURED_EDGE)
                * UNMEASURED_EDGE;
    }
}
