package org.jdistcc.daemon.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consistent copy of {@link DaemonStats}' figures, for the pages to render: {@code histogram} is indexed by bucket. Array components, against the
 * usual rule for records: a snapshot is a fresh copy, read once by one page and never compared.
 */
@SuppressWarnings("ArrayRecordComponent")
record Snapshot(
        Instant now,
        Instant startedAt,
        List<DaemonStats.Job> running,
        List<FinishedJob> recent,
        List<MinuteHistory.Minute> minutes,
        Map<JobResult, Long> results,
        long[] histogram,
        long connections,
        long bytesIn,
        long bytesOut,
        long compiles,
        long compileMillisTotal,
        long longestMillis,
        String longestSource,
        String longestCompiler,
        long[] compilesInWindows,
        double[] averageRunning,
        CacheFigures cache) {
    long count(JobResult r) {
        return results.getOrDefault(r, 0L);
    }
}
