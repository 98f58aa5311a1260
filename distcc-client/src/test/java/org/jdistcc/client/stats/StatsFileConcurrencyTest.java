package org.jdistcc.client.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hundreds of clients recording at once lose no update: 20 processes x 10 compiles, then 8 threads x 25. */
class StatsFileConcurrencyTest {
    static final int PROCESSES = 20;
    static final int EACH = 10;

    @TempDir
    Path dir;

    @Test
    void twoHundredUpdatesFromTwentyProcessesAllCount() throws Exception {
        Path file = dir.resolve("distcc/stats"); // the first writer creates the directory
        Path go = dir.resolve("go");
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                children.add(new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Xshare:auto",
                                "-XX:TieredStopAtLevel=1",
                                "-cp",
                                System.getProperty("java.class.path"),
                                StatsWriterChild.class.getName(),
                                file.toString(),
                                Integer.toString(EACH),
                                "host" + (i % 4),
                                go.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start());
            }
            Files.createFile(go);
            for (Process p : children) {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a writer hung");
                assertEquals(0, p.exitValue());
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        ClientStats s = new StatsFile(file).read();
        int total = PROCESSES * EACH;
        assertEquals(total, s.count(Outcome.REMOTE));
        assertEquals(total, s.compiles());
        assertEquals(total / 2, s.failures().get("timeout"));
        assertEquals(total / 2, s.remoteRetried());
        long jobs = 0;
        long sent = 0;
        for (int h = 0; h < 4; h++) {
            var totals = s.hosts().get("host" + h);
            assertEquals(total / 4, totals.jobs());
            assertEquals(total / 4 * 7, totals.compileMillis());
            jobs += totals.jobs();
            sent += totals.sent();
        }
        assertEquals(total, jobs);
        assertEquals(total * 100L, sent);
    }

    @Test
    void threadsOfOneProcessQueueInsteadOfFailing() throws Exception {
        Path file = dir.resolve("stats");
        var stats = new StatsFile(file);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        stats.record(new CompileRecord(), System.currentTimeMillis());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(200, stats.read().count(Outcome.LOCAL));
    }

    @Test
    void zeroingKeepsOnlyTheDate() throws Exception {
        var stats = new StatsFile(dir.resolve("stats"));
        stats.record(ClientStatsTest.remote("h", true), 1_000_000);
        stats.zero(1_764_536_400_000L);
        ClientStats s = stats.read();
        assertEquals(0, s.compiles());
        assertTrue(s.hosts().isEmpty());
        assertEquals(1_764_536_400L, s.zeroedAt());
    }
}
