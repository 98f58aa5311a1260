package org.jdistcc.daemon.status;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A job that has ended, as the monitor's timeline draws it.
 *
 * @param source the source as the client named it, "" if the request was never read
 * @param compiler {@code argv[0]} as the client named it, or ""
 * @param size the input's size (see {@link DaemonStats.Job#sourceReceived}), or -1
 * @param durationMillis from the connection to the end of the job
 * @param compileStartMillis when the compiler started, counted from {@code receivedAt}; -1 if it never ran
 * @param compileMillis how long the compiler ran, or -1
 * @param cache what the result cache did: {@code hit}, {@code shared}, {@code miss}, or ""
 */
record FinishedJob(
        long id,
        InetSocketAddress client,
        String source,
        String compiler,
        long size,
        Instant receivedAt,
        long durationMillis,
        long compileStartMillis,
        long compileMillis,
        JobResult result,
        String cache) {
    Instant endedAt() {
        return receivedAt.plusMillis(durationMillis);
    }
}
