package org.jdistcc.daemon.status;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last jobs to end, for the monitor's timeline: at most {@link #CAPACITY}, and none that ended
 * more than {@link #KEEP_MILLIS} ago, so {@code /status} stays small however busy the daemon is.
 * Not thread-safe: {@link DaemonStats} serialises calls.
 */
final class RecentJobs {
    static final int CAPACITY = 256;
    static final long KEEP_MILLIS = 15 * 60_000;

    private final ArrayDeque<FinishedJob> jobs = new ArrayDeque<>(CAPACITY);

    void add(FinishedJob job) {
        if (jobs.size() == CAPACITY) {
            jobs.removeFirst();
        }
        jobs.addLast(job);
    }

    /** The jobs that ended within {@link #KEEP_MILLIS} of {@code nowMillis}, in the order they ended. */
    List<FinishedJob> since(long nowMillis) {
        while (!jobs.isEmpty() && nowMillis - jobs.peekFirst().endedAt().toEpochMilli() > KEEP_MILLIS) {
            jobs.removeFirst();
        }
        return List.copyOf(new ArrayList<>(jobs));
    }
}
