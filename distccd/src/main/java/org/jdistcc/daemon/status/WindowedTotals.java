package org.jdistcc.daemon.status;

/**
 * Per-second totals over the last 15 minutes, for distcc's 1/5/15-minute figures: compiles
 * finished ({@code dcc_num_compiles1..3}) and busy job-milliseconds, whose average over a window
 * is the mean number of jobs running ({@code dcc_avg_kids1..3}). Buckets are filled lazily at each
 * event or read, like distcc's {@code dcc_stats_update_running_total}, so nothing ticks in the
 * background. Not thread-safe: {@link DaemonStats} serialises calls.
 */
final class WindowedTotals {
    static final int SECONDS = 900;

    private final long[] compiles = new long[SECONDS];
    private final long[] busyMillis = new long[SECONDS];
    private long currentSecond;
    private long lastChangeMillis;
    private int running;

    WindowedTotals(long nowMillis) {
        this.currentSecond = nowMillis / 1000;
        this.lastChangeMillis = nowMillis;
    }

    void jobStarted(long nowMillis) {
        advance(nowMillis);
        running++;
    }

    void jobFinished(long nowMillis, boolean compiled) {
        advance(nowMillis);
        running = Math.max(0, running - 1);
        if (compiled) {
            compiles[slot(currentSecond)]++;
        }
    }

    int running() {
        return running;
    }

    /** Compiles finished in the last {@code seconds} seconds, this one included. */
    long compilesInLast(int seconds, long nowMillis) {
        advance(nowMillis);
        long total = 0;
        for (int i = 0; i < Math.min(seconds, SECONDS); i++) {
            total += compiles[slot(currentSecond - i)];
        }
        return total;
    }

    /** The mean number of jobs running over the last {@code seconds} seconds. */
    double averageRunning(int seconds, long nowMillis) {
        advance(nowMillis);
        int n = Math.min(seconds, SECONDS);
        long busy = 0;
        for (int i = 0; i < n; i++) {
            busy += busyMillis[slot(currentSecond - i)];
        }
        return busy / (n * 1000.0);
    }

    private void advance(long nowMillis) {
        if (nowMillis <= lastChangeMillis) {
            return;
        }
        long from = Math.max(lastChangeMillis, nowMillis - SECONDS * 1000L);
        if (running > 0) {
            while (from < nowMillis) {
                long second = from / 1000;
                enter(second);
                long end = Math.min(nowMillis, (second + 1) * 1000);
                busyMillis[slot(second)] += running * (end - from);
                from = end;
            }
        }
        enter(nowMillis / 1000);
        lastChangeMillis = nowMillis;
    }

    /** Moves the current second forward, clearing the buckets of the seconds skipped over. */
    private void enter(long second) {
        if (second <= currentSecond) {
            return;
        }
        long steps = Math.min(second - currentSecond, SECONDS);
        for (long i = 1; i <= steps; i++) {
            int s = slot(second - steps + i);
            compiles[s] = 0;
            busyMillis[s] = 0;
        }
        currentSecond = second;
    }

    private static int slot(long second) {
        return (int) Math.floorMod(second, (long) SECONDS);
    }
}
