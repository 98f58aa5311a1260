package org.jdistcc.client.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of clients recording at once lose no update and count none twice: 20 processes x 10
 * compiles while this process folds in a loop and the log is rotated under them.
 */
class StatsFileConcurrencyTest {
    static final int PROCESSES = 20;
    static final int EACH = 10;
    /** Small enough for several rotations during the test (a line is about 60 bytes). */
    static final long ROTATE_BYTES = 1500;
    /** Long beside a writer's open-to-write gap, short enough to retire old logs during the test. */
    static final long QUIET_MILLIS = 2000;

    @TempDir
    Path dir;

    @Test
    void twoHundredUpdatesFromTwentyProcessesAllCountOnce() throws Exception {
        Path file = dir.resolve("distcc/stats"); // the first writer creates the directory
        Path go = dir.resolve("go");
        var reader = new StatsFile(file, ROTATE_BYTES, QUIET_MILLIS);
        List<Process> children = new ArrayList<>();
        var stop = new AtomicBoolean();
        Thread folder = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                try {
                    reader.read(System.currentTimeMillis());
                    Thread.sleep(3);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
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
                        .redirectOutput(dir.resolve("child-" + i + ".log").toFile())
                        .start());
            }
            Files.createFile(go);
            for (Process p : children) {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a writer hung");
                assertEquals(0, p.exitValue());
            }
        } finally {
            stop.set(true);
            folder.join(10_000);
            children.forEach(Process::destroyForcibly);
        }
        ClientStats s = reader.read(System.currentTimeMillis());
        int total = PROCESSES * EACH;
        assertEquals(total, s.count(Outcome.REMOTE));
        assertEquals(total, s.compiles());
        assertEquals(total / 2, s.failures().get("timeout"));
        assertEquals(total / 2, s.remoteRetried());
        long sent = 0;
        for (int h = 0; h < 4; h++) {
            var totals = s.hosts().get("host" + h);
            assertEquals(total / 4, totals.jobs());
            assertEquals(total / 4 * 7L, totals.compileMillis());
            assertEquals(total / 8, totals.failures());
            sent += totals.sent();
        }
        assertEquals(total * 100L, sent);
        assertTrue(Files.exists(file.resolveSibling("stats.log.old")), "the log never rotated");
        // Folding again finds nothing new.
        assertEquals(total, reader.read(System.currentTimeMillis()).compiles());
    }

    @Test
    void retiredLogsAreNotCountedAgain() throws Exception {
        long now = 1_764_536_400_000L;
        var stats = new StatsFile(dir.resolve("stats"), 200, 1000);
        for (int i = 0; i < 10; i++) {
            stats.record(new CompileRecord(), now); // rotates and folds along the way
        }
        assertEquals(10, stats.read(now).compiles());
        Files.setLastModifiedTime(
                dir.resolve("stats.log.old"), java.nio.file.attribute.FileTime.fromMillis(now - 5_000));
        assertEquals(10, stats.read(now).compiles());
        stats.record(new CompileRecord(), now);
        assertEquals(11, stats.read(now).compiles());
    }

    @Test
    void threadsOfOneProcessRecordAndFoldTogether() throws Exception {
        var stats = new StatsFile(dir.resolve("stats"), 2000, QUIET_MILLIS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        stats.record(new CompileRecord(), System.currentTimeMillis());
                        if (i % 5 == 0) {
                            stats.read(System.currentTimeMillis());
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(200, stats.read(System.currentTimeMillis()).count(Outcome.LOCAL));
    }

    @Test
    void zeroingKeepsOnlyTheDateAndDoesNotRecountTheLog() throws Exception {
        var stats = new StatsFile(dir.resolve("stats"));
        stats.record(ClientStatsTest.remote("h", true), 1_000_000);
        stats.zero(1_764_536_400_000L);
        ClientStats s = stats.read(1_764_536_400_000L);
        assertEquals(0, s.compiles());
        assertTrue(s.hosts().isEmpty());
        assertEquals(1_764_536_400L, s.zeroedAt());
        stats.record(new CompileRecord(), 1_764_536_401_000L);
        assertEquals(1, stats.read(1_764_536_401_000L).compiles());
    }
}
