package org.jdistcc.client.scheduling;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdistcc.client.hosts.HostSpec;

/**
 * How fast each volunteer (and this machine, as {@code localhost}) has compiled for this user, and
 * how busy it last said it was: one small file per host in {@code $DISTCC_DIR/speeds/}, shared by
 * all of the user's clients (the agent, cold clients, other builds). Pace is milliseconds per unit
 * of work (a unit is a KB of preprocessed text, or what {@link JobCosts} learned a compile really costs), held
 * for the whole compile as the client sees it (send, queue, compile, reply), smoothed. A load report
 * is what a jdistcc volunteer said of its slots in its last answer (a hello): it is stale after
 * seconds; the pace it said of itself is kept as long as a learned one, for volunteers not measured here.
 */
public final class LearnedSpeeds {
    /**
     * A volunteer's own report of its slots.
     *
     * @param jobs its {@code --jobs}
     * @param others the jobs it held (running or queued) that were not this client's when it answered
     * @param jobMillis how long a job ahead in its queue holds a slot, from what it said (its recent
     *     compiles, and those running now); NaN when it could not say
     */
    public record Load(int free, int queue, int jobs, int others, double jobMillis, Instant reported) {}

    /**
     * @param msPerUnit the smoothed pace
     * @param samples how many compiles it is learned from
     * @param load the last load report, or null
     * @param volunteerPace the volunteer's own recent pace (ms per KB its compilers took, without queue
     *     or network), NaN when it never said: a comparison between volunteers nobody measured here
     */
    public record Pace(double msPerUnit, long samples, Instant learned, Load load, double volunteerPace) {}

    /** Weight of one new compile in the pace. */
    static final double SMOOTHING = 0.3;
    /** One compile moves the pace by at most this factor either way: a hiccup is not a new host. */
    static final double MAX_STEP = 4;
    /** A pace not confirmed for this long is forgotten: the volunteer may have changed. */
    static final Duration PACE_TTL = Duration.ofDays(1);
    /** A load report older than this says nothing about now. */
    static final Duration LOAD_TTL = Duration.ofSeconds(10);

    private final HostFiles files;
    private final Clock clock;

    public LearnedSpeeds(Path distccDir, Clock clock) {
        this.files = new HostFiles(distccDir.resolve("speeds"));
        this.clock = clock;
    }

    /** What is known of {@code host}'s pace, or null; its load only while fresh. */
    public Pace get(HostSpec host) {
        Map<String, String> lines = files.read(host.lockName());
        Instant now = clock.instant();
        // Keys checked before parsing: a missing one is the usual case, and an exception per compile costs.
        Pace pace = null;
        if (lines.containsKey("ms_per_unit")) {
            try {
                double ms = Double.parseDouble(lines.get("ms_per_unit"));
                Instant learned = Instant.ofEpochMilli(Long.parseLong(lines.get("learned")));
                if (ms > 0 && Double.isFinite(ms) && learned.plus(PACE_TTL).isAfter(now)) {
                    pace = new Pace(ms, Long.parseLong(lines.get("samples")), learned, null, Double.NaN);
                }
            } catch (RuntimeException e) {
                // no pace (yet), or another version's file
            }
        }
        Load load = null;
        if (lines.containsKey("reported")) {
            try {
                Instant reported = Instant.ofEpochMilli(Long.parseLong(lines.get("reported")));
                if (reported.plus(LOAD_TTL).isAfter(now) && !reported.isAfter(now.plusSeconds(5))) {
                    load = new Load(
                            Integer.parseInt(lines.get("free")),
                            Integer.parseInt(lines.get("queue")),
                            Integer.parseInt(lines.get("jobs")),
                            Integer.parseInt(lines.getOrDefault("others", "0")),
                            Double.parseDouble(lines.getOrDefault("job_ms", "NaN")),
                            reported);
                }
            } catch (RuntimeException e) {
                // no report
            }
        }
        double volunteerPace = Double.NaN;
        if (lines.containsKey("volunteer_pace")) {
            try {
                double said = Double.parseDouble(lines.get("volunteer_pace"));
                Instant saidAt = Instant.ofEpochMilli(Long.parseLong(lines.get("volunteer_reported")));
                if (said > 0 && Double.isFinite(said) && saidAt.plus(PACE_TTL).isAfter(now)) {
                    volunteerPace = said;
                }
            } catch (RuntimeException e) {
                // it never said
            }
        }
        if (pace == null && load == null && Double.isNaN(volunteerPace)) {
            return null;
        }
        return pace == null
                ? new Pace(0, 0, null, load, volunteerPace)
                : new Pace(pace.msPerUnit(), pace.samples(), pace.learned(), load, volunteerPace);
    }

    /** Learns from one compile of {@code units} that held {@code host} for {@code took}. */
    public void observe(HostSpec host, double units, Duration took) {
        if (!(units > 0) || took.isNegative()) {
            return;
        }
        double sample = Math.max(took.toNanos() / 1e6, 0.001) / units;
        Map<String, String> lines = new LinkedHashMap<>(files.read(host.lockName()));
        double ms = sample;
        long samples = 1;
        Pace old = get(host);
        if (old != null && old.samples() > 0) {
            double bounded = Math.min(Math.max(sample, old.msPerUnit() / MAX_STEP), old.msPerUnit() * MAX_STEP);
            ms = old.msPerUnit() + SMOOTHING * (bounded - old.msPerUnit());
            samples = old.samples() + 1;
        }
        lines.put("ms_per_unit", String.format(java.util.Locale.ROOT, "%.4f", ms));
        lines.put("samples", Long.toString(samples));
        lines.put("learned", Long.toString(clock.millis()));
        files.write(host.lockName(), lines);
    }

    /**
     * Records what {@code host} just said of its slots and, if it said, its own pace.
     *
     * @param others its jobs that were not this client's
     * @param jobMillis how long a job ahead in its queue holds a slot, or NaN
     * @param volunteerPace its ms per KB, or NaN
     */
    public void report(
            HostSpec host, int free, int queue, int jobs, int others, double jobMillis, double volunteerPace) {
        Map<String, String> lines = new LinkedHashMap<>(files.read(host.lockName()));
        lines.put("free", Integer.toString(free));
        lines.put("queue", Integer.toString(queue));
        lines.put("jobs", Integer.toString(jobs));
        lines.put("others", Integer.toString(Math.max(0, others)));
        if (jobMillis >= 0 && Double.isFinite(jobMillis)) {
            lines.put("job_ms", Long.toString(Math.round(jobMillis)));
        } else {
            lines.remove("job_ms");
        }
        lines.put("reported", Long.toString(clock.millis()));
        if (volunteerPace > 0 && Double.isFinite(volunteerPace)) {
            lines.put("volunteer_pace", String.format(java.util.Locale.ROOT, "%.4f", volunteerPace));
            lines.put("volunteer_reported", Long.toString(clock.millis()));
        }
        files.write(host.lockName(), lines);
    }
}
