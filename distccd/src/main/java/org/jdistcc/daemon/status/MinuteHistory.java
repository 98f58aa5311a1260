package org.jdistcc.daemon.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs ended and bytes moved per wall-clock minute over the last {@link #MINUTES} minutes (the one
 * in progress included): the monitor's throughput and errors-by-kind charts. A ring of buckets
 * cleared as minutes pass, like {@link WindowedTotals}, so nothing ticks in the background. Not
 * thread-safe: {@link DaemonStats} serialises calls.
 */
final class MinuteHistory {
    static final int MINUTES = 15;

    /** One minute: jobs ended by result, bytes read and written. */
    record Minute(Instant start, Map<JobResult, Long> results, long bytesIn, long bytesOut) {
        long count(JobResult r) {
            return results.getOrDefault(r, 0L);
        }
    }

    private final List<EnumMap<JobResult, Long>> results = new ArrayList<>(MINUTES);
    private final long[] bytesIn = new long[MINUTES];
    private final long[] bytesOut = new long[MINUTES];
    private final long firstMinute;
    private long currentMinute;

    MinuteHistory(long nowMillis) {
        this.firstMinute = nowMillis / 60_000;
        this.currentMinute = firstMinute;
        for (int i = 0; i < MINUTES; i++) {
            results.add(new EnumMap<>(JobResult.class));
        }
    }

    void jobEnded(long nowMillis, JobResult result, long in, long out) {
        enter(nowMillis / 60_000);
        int slot = slot(currentMinute);
        results.get(slot).merge(result, 1L, Long::sum);
        bytesIn[slot] += in;
        bytesOut[slot] += out;
    }

    /** The minutes since the daemon started, at most {@link #MINUTES}, oldest first. */
    List<Minute> minutes(long nowMillis) {
        enter(nowMillis / 60_000);
        var out = new ArrayList<Minute>(MINUTES);
        for (long m = Math.max(firstMinute, currentMinute - MINUTES + 1); m <= currentMinute; m++) {
            int slot = slot(m);
            out.add(new Minute(
                    Instant.ofEpochMilli(m * 60_000), new EnumMap<>(results.get(slot)), bytesIn[slot], bytesOut[slot]));
        }
        return out;
    }

    private void enter(long minute) {
        if (minute <= currentMinute) {
            return;
        }
        long steps = Math.min(minute - currentMinute, MINUTES);
        for (long i = 1; i <= steps; i++) {
            int slot = slot(minute - steps + i);
            results.get(slot).clear();
            bytesIn[slot] = 0;
            bytesOut[slot] = 0;
        }
        currentMinute = minute;
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) MINUTES);
    }
}
