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
 * line and directory), else the size of its preprocessed text in KB, else (source and pump mode,
 * which do not preprocess here) the size of the files its include analysis found times the units
 * such a KB is learned to cost, else the size of its source. A compile's time teaches both the
 * host's pace and the compile's own cost, and with the analysis, what a KB of its files costs.
 */
final class Work {
    /** Weight of the newest time in a compile's cost. */
    static final double SMOOTHING = 0.5;

    private final JobCosts costs;
    private final String key;
    private final double units;
    /** What the include analysis found, in KB; NaN without one. */
    private final double inputKb;

    private Work(JobCosts costs, String key, double units, double inputKb) {
        this.costs = costs;
        this.key = key;
        this.units = units;
        this.inputKb = inputKb;
    }

    static Work of(CompileTask task, Path distccDir) {
        JobCosts costs = JobCosts.of(distccDir);
        String key = JobCosts.key(task.job().cwd().toString(), String.join("\0", task.localCommand()));
        double inputKb = task.analysed() != null ? task.analysed().inputKb() : Double.NaN;
        double known = costs.get(key);
        if (!Double.isNaN(known)) {
            return new Work(costs, key, known, inputKb);
        }
        if (task.preprocessed() == null && inputKb > 0) {
            // Its headers, as the analysis found them (every branch of every conditional): several
            // times the preprocessed text, roughly in proportion.
            return new Work(costs, key, Math.max(inputKb * costs.unitsPerInputKb(), 0.1), inputKb);
        }
        double kb = 1;
        try {
            // The preprocessed text is what the compiler reads: a small source with big headers
            // costs what its headers cost.
            kb = (task.preprocessed() != null
                            ? task.preprocessed().text().size()
                            : Files.size(
                                    task.job().resolve(task.command().source().orElseThrow())))
                    / 1024.0;
        } catch (IOException | RuntimeException e) {
            // a unit, like any small file
        }
        return new Work(costs, key, Math.max(kb, 0.1), inputKb);
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
            double cost = units + SMOOTHING * (seen - units);
            costs.record(key, cost);
            if (inputKb > 0) {
                costs.learnUnitsPerInputKb(cost / inputKb);
            }
        }
        speeds.observe(host, units, Duration.ofNanos((long) (took.toNanos() / Math.max(1, placed.crowding()))));
    }
}
