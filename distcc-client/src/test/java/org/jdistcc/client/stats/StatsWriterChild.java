package org.jdistcc.client.stats;

import java.nio.file.Path;

/**
 * A separate process for {@link StatsFileConcurrencyTest}: waits until the go file exists (so all
 * children start updating at once), then records N compiles on host H in the stats file.
 */
public final class StatsWriterChild {
    private StatsWriterChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String host = args[2];
        Path go = Path.of(args[3]);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!java.nio.file.Files.exists(go) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        var stats = new StatsFile(file);
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
