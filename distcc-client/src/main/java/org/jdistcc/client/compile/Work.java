package org.jdistcc.client.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.scheduling.FinishFirst;
import org.jdistcc.client.scheduling.JobCosts;
import org.jdistcc.client.scheduling.LearnedSpeeds;

/**
 * What one compile costs, in units of work: what it cost last time ({@link JobCosts}, by command
 * line and directory), else the size of its preprocessed text (else of its source) in KB. A compile's time teaches both the host's
 * pace and the compile's own cost.
 */
final class Work {
    /** Weight of the newest time in a compile's cost. */
    static final double SMOOTHING = 0.5;

    private final JobCosts costs;
    private final String key;
    private final double units;

    private Work(JobCosts costs, String key, double units) {
        this.costs = costs;
        this.key = key;
        this.units = units;
    }

    static Work of(CompileTask task, Path distccDir) {
        JobCosts costs = JobCosts.of(distccDir);
        String key = JobCosts.key(task.job().cwd().toString(), String.join("\0", task.localCommand()));
        double known = costs.get(key);
        if (!Double.isNaN(known)) {
            return new Work(costs, key, known);
        }
        double kb = 1;
        try {
            // The preprocessed text is what the compiler reads: a small source with big headers
            // costs what its headers cost.
            Path input = task.preprocessed() != null
                    ? task.preprocessed().text()
                    : task.job().resolve(task.command().source().orElseThrow());
            kb = Files.size(input) / 1024.0;
        } catch (IOException | RuntimeException e) {
            // a unit, like any small file
        }
        return new Work(costs, key, Math.max(kb, 0.1));
    }

    double units() {
        return units;
    }

    /**
     * Learns from a compile that held {@code host} for {@code took}, where {@code placed} foresaw
     * how long: at the pace assumed, the time says what the compile really costs; at the cost
     * assumed, what the host's pace really is, without the other clients' jobs it waited behind.
     */
    void learn(LearnedSpeeds speeds, HostSpec host, FinishFirst.Placed placed, Duration took) {
        double pace = placed.expected().toNanos() / 1e6 / units;
        if (pace > 0) {
            double seen = took.toNanos() / 1e6 / pace;
            costs.record(key, units + SMOOTHING * (seen - units));
        }
        speeds.observe(host, units, Duration.ofNanos((long) (took.toNanos() / Math.max(1, placed.crowding()))));
    }
}
