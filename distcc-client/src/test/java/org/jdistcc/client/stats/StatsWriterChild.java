package org.jdistcc.client.stats;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A separate client process for {@link StatsFileConcurrencyTest}: waits for the go file (so all
 * children write at once), then records N compiles on host H, with a log small enough to be
 * rotated (and folded by this process) several times during the test.
 */
public final class StatsWriterChild {
    private StatsWriterChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String host = args[2];
        Path go = Path.of(args[3]);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        var stats = new StatsFile(file, StatsFileConcurrencyTest.ROTATE_BYTES, StatsFileConcurrencyTest.QUIET_MILLIS);
        for (int i = 0; i < count; i++) {
            var r = new CompileRecord();
            r.remote(new CompileRecord.RemoteJob(host, 10, 7, 100, 30));
            r.outcome(Outcome.REMOTE);
            if (i % 2 == 0) {
                r.failure(host, "timeout");
            }
            stats.record(r, System.currentTimeMillis());
        }
    }
}
