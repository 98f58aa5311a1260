package org.jdistcc.client.monitor;

import java.util.List;
import java.util.Locale;
import org.jdistcc.client.stats.ClientStats;
import org.jdistcc.client.stats.Outcome;

/**
 * {@code distccmon-text --summary}: the whole build on one line, for a terminal beside a long
 * {@code make}. Running jobs come from the state files (here: compiling on this machine; remote: on
 * a volunteer; waiting: no host yet), ended ones from the statistics, counted from the first poll
 * on so the numbers belong to the build being watched.
 *
 * <p>It is the monitor's job, not the compiling client's: a {@code make -j} runs dozens of clients
 * at once, and lines drawn by each of them on a shared terminal would overwrite each other.
 */
final class SummaryLine {
    /** Erases from the cursor to the end of the line (ECMA-48 EL, "CSI K"). */
    static final String ERASE_TO_END = "\033[K";

    private long zeroedAt = Long.MIN_VALUE;
    private long doneAtStart;
    private long failedAtStart;

    /**
     * One line without a line end.
     *
     * @param totals the statistics now, or null when they cannot be read
     */
    String render(List<JobState> jobs, ClientStats totals, long nowMillis) {
        int here = 0;
        int remote = 0;
        int waiting = 0;
        for (JobState job : jobs) {
            if (job.host().isEmpty()) {
                waiting++;
            } else if (job.host().equals("localhost")) {
                here++;
            } else {
                remote++;
            }
        }
        long done = 0;
        long failed = 0;
        long perMinute = 0;
        if (totals != null) {
            long allDone = totals.compiles();
            long allFailed = totals.compileErrors() + totals.count(Outcome.FAILED);
            if (totals.zeroedAt() != zeroedAt || allDone < doneAtStart) {
                // The first poll, or someone ran distcc --zero-stats: count from here.
                boolean first = zeroedAt == Long.MIN_VALUE;
                zeroedAt = totals.zeroedAt();
                doneAtStart = first ? allDone : 0;
                failedAtStart = first ? allFailed : 0;
            }
            done = allDone - doneAtStart;
            failed = allFailed - failedAtStart;
            perMinute = totals.finishedInLastMinute(nowMillis);
        }
        return String.format(
                Locale.ROOT,
                "compiles: %d here, %d remote, %d waiting | %d done, %d failed | %d/min",
                here,
                remote,
                waiting,
                done,
                failed,
                perMinute);
    }
}
