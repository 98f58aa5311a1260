package org.jdistcc.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdistcc.testing.MovableClock;
import org.junit.jupiter.api.Test;

class DaemonStatsTest {
    static final ServerInfo INFO = new ServerInfo(
            "0.1.0",
            "127.0.0.1",
            3632,
            4,
            List.of("none", "lzo", "lz4"),
            List.of("127.0.0.1/32"),
            Path.of(System.getProperty("java.io.tmpdir")));

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T12:00:00Z"));
    final DaemonStats stats = new DaemonStats(INFO, clock);
    final InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

    @Test
    void eachJobCountsOnceUnderItsResult() {
        try (var job = stats.jobStarted(peer)) {
            job.request("gcc", "a.c");
            clock.advance(Duration.ofMillis(300));
            job.finished(JobResult.COMPILE_OK, 1000, 2000);
            job.finished(JobResult.COMPILE_ERROR, 1000, 2000); // ignored: already finished
        }
        try (var job = stats.jobStarted(peer)) {
            job.finished(JobResult.REJECTED_BAD_REQUEST, 12, 0);
        }
        try (var job = stats.jobStarted(peer)) {
            job.request("gcc", "b.c"); // the serving code forgot to say: close() makes it OTHER
        }
        var s = stats.snapshot();
        assertEquals(3, s.connections());
        assertEquals(1, s.count(JobResult.COMPILE_OK));
        assertEquals(0, s.count(JobResult.COMPILE_ERROR));
        assertEquals(1, s.count(JobResult.REJECTED_BAD_REQUEST));
        assertEquals(1, s.count(JobResult.OTHER));
        assertEquals(1012, s.bytesIn());
        assertEquals(2000, s.bytesOut());
        assertEquals(List.of(), s.running());
        assertEquals(1, s.compiles());
    }

    @Test
    void thePaceOfRecentCompilesIsTheirCompileTimePerKbOfInputAndAHelloTellsIt() {
        assertEquals(Double.NaN, stats.msPerKb(), "no compile yet");
        for (long millis : new long[] {100, 300}) {
            try (var job = stats.jobStarted(peer)) {
                job.sourceReceived(2048);
                clock.advance(Duration.ofSeconds(5)); // waiting for a slot is not the pace
                job.compiling();
                clock.advance(Duration.ofMillis(millis));
                job.replying();
                job.finished(JobResult.COMPILE_OK, 2048, 100);
            }
        }
        assertEquals(50 + 0.2 * (150 - 50), stats.msPerKb(), 1e-9, "smoothed: 50 ms/KB, then 150");
        try (var refused = stats.jobStarted(peer)) {
            refused.sourceReceived(2048);
            refused.finished(JobResult.REJECTED_BAD_REQUEST, 10, 0);
        }
        assertEquals(70, stats.msPerKb(), 1e-9, "only compiles count");
        assertEquals(100 + 0.2 * (300 - 100), stats.compileMillis(), 1e-9);

        assertEquals(Double.NaN, stats.runningMillis(), "none runs");
        var running = stats.jobStarted(peer);
        running.compiling();
        clock.advance(Duration.ofMillis(400));
        assertEquals(400, stats.runningMillis(), 1e-9);
        running.replying();
        running.finished(JobResult.COMPILE_OK, 0, 0);
        assertEquals(Double.NaN, stats.runningMillis(), "none runs");
        assertEquals(null, stats.slots(), "until told where the slots are counted");
        stats.slotsFrom(
                () -> new SlotFigures(4, 1, 3, 2, stats.msPerKb(), stats.compileMillis(), stats.runningMillis()));
        var facts = new java.util.TreeMap<String, String>();
        stats.slots().addTo(facts);
        assertEquals(
                java.util.Map.of(
                        "jobs", "4", "free", "1", "queue", "3", "waiting", "2", "pace", "70.00", "compile_ms", "192"),
                facts);
        String status = StatusPage.render(stats.snapshot(), INFO, stats.slots());
        assertEquals(
                true,
                status.contains(
                        "\"slots\":{\"jobs\":4,\"free\":1,\"queued\":3,\"ms_per_kb\":70.00,\"compile_ms\":192,\"waiting\":2}"),
                status);
    }

    @Test
    void cacheHitsAndMissesAreCountedAndAHitIsNoCompile() {
        var miss = stats.jobStarted(peer);
        miss.cacheMissed();
        clock.advance(Duration.ofSeconds(2));
        miss.finished(JobResult.COMPILE_OK, 0, 0);
        for (boolean shared : new boolean[] {false, true, true}) {
            var hit = stats.jobStarted(peer);
            hit.cacheHit(shared);
            clock.advance(Duration.ofMillis(5));
            hit.finished(JobResult.COMPILE_OK, 0, 0);
        }
        stats.cache("disk /x (1 MiB)", () -> 7, () -> 4096);
        var s = stats.snapshot();
        assertEquals(new CacheFigures("disk /x (1 MiB)", 1, 2, 1, 7, 4096), s.cache());
        assertEquals(4, s.count(JobResult.COMPILE_OK), "a hit still answered the client with an object");
        assertEquals(1, s.compiles(), "only the miss ran a compiler");
        assertEquals(2000, s.compileMillisTotal());
        String metrics = PrometheusPage.render(s, INFO);
        assertEquals(true, metrics.contains("\ndistccd_cache_hits_total{store=\"shared\"} 2\n"), metrics);
        assertEquals(true, metrics.contains("\ndistccd_cache_misses_total 1\n"), metrics);
        assertEquals(true, metrics.contains("\ndistccd_cache_size_bytes 4096\n"), metrics);
        String status = StatusPage.render(s, INFO);
        assertEquals(true, status.contains("\"cache_hits\":1,\"cache_shared_hits\":2,\"cache_misses\":1"), status);
        assertEquals(true, status.contains("\"result\":\"compile_ok\",\"cache\":\"shared\"}"), status);
    }

    @Test
    void theLongestJobIsTheLongestSuccessfulCompileAsInDistcc() {
        var a = stats.jobStarted(peer);
        a.request("x86_64-linux-gnu-gcc", "slow.c");
        clock.advance(Duration.ofSeconds(2));
        a.finished(JobResult.COMPILE_OK, 0, 0);
        var b = stats.jobStarted(peer);
        b.request("gcc", "slower-but-failed.c");
        clock.advance(Duration.ofSeconds(5));
        b.finished(JobResult.COMPILE_ERROR, 0, 0);
        var s = stats.snapshot();
        assertEquals("slow.c", s.longestSource());
        assertEquals("x86_64-linux-gnu-gcc", s.longestCompiler());
        assertEquals(2000, s.longestMillis());
        assertEquals(2, s.compiles());
        assertEquals(7000, s.compileMillisTotal());
        // 2 s falls in le=2.5, 5 s in le=5.
        assertEquals(1, s.histogram()[5]);
        assertEquals(1, s.histogram()[6]);
    }

    @Test
    void runningJobsAreListedOldestFirstWithWhatIsKnownSoFar() {
        var first = stats.jobStarted(peer);
        clock.advance(Duration.ofMillis(10));
        var second = stats.jobStarted(new InetSocketAddress("10.0.0.7", 50000));
        second.request("gcc", "main.c");
        second.sourceReceived(17949);
        var s = stats.snapshot();
        assertEquals(2, s.running().size());
        assertEquals("", s.running().get(0).source());
        assertEquals(17949, s.running().get(1).sourceSize());
        first.close();
        second.close();
        assertEquals(0, stats.snapshot().running().size());
    }
}
