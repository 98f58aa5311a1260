package org.jdistcc.client.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientStatsTest {
    static final long NOW = 1_764_536_400_000L;

    static CompileRecord remote(String host, boolean afterAFailure) {
        var r = new CompileRecord();
        if (afterAFailure) {
            r.failure("10.0.0.9:3632", "cannot_connect");
        }
        r.remote(new CompileRecord.RemoteJob(host, 120, 80, 1000, 300));
        r.outcome(Outcome.REMOTE);
        return r;
    }

    @Test
    void countsEachCompileUnderOneOutcomeAndEachFailureUnderItsKind() {
        var s = new ClientStats();
        s.add(remote("10.0.0.2:3632", false), NOW);
        s.add(remote("10.0.0.2:3632", true), NOW);
        var fallback = new CompileRecord();
        fallback.failure("10.0.0.2:3632", "timeout");
        fallback.outcome(Outcome.FALLBACK);
        fallback.exitStatus(1);
        s.add(fallback, NOW);
        s.add(new CompileRecord(), NOW);

        assertEquals(4, s.compiles());
        assertEquals(2, s.count(Outcome.REMOTE));
        assertEquals(1, s.remoteRetried());
        assertEquals(1, s.count(Outcome.FALLBACK));
        assertEquals(1, s.count(Outcome.LOCAL));
        assertEquals(1, s.compileErrors());
        assertEquals(Map.of("cannot_connect", 1L, "timeout", 1L), s.failures());
        var h = s.hosts().get("10.0.0.2:3632");
        assertEquals(2, h.jobs());
        assertEquals(240, h.millis());
        assertEquals(160, h.compileMillis());
        assertEquals(2000, h.sent());
        assertEquals(600, h.received());
        assertEquals(1, h.failures());
        assertEquals(1, s.hosts().get("10.0.0.9:3632").failures());
    }

    @Test
    void survivesARoundTripThroughItsText() {
        var s = new ClientStats();
        s.zeroedAt(1_764_500_000L);
        s.add(remote("[::1]:3632", true), NOW);
        s.add(remote("@build box", false), NOW); // a blank would split the line
        byte[] text = s.format();
        assertEquals(
                new String(text, StandardCharsets.UTF_8),
                new String(ClientStats.parse(text).format(), StandardCharsets.UTF_8));
        assertEquals(1, ClientStats.parse(text).hosts().get("@build_box").jobs());
    }

    @Test
    void readsUpToTheEndLineAndSkipsDamagedLines() {
        String text =
                "jdistcc-stats 1\nremote 5\nlocal x\nhost h jobs=2 ms=oops\nfailure timeout 3\nend\nremote 999\ngarbage";
        var s = ClientStats.parse(text.getBytes(StandardCharsets.US_ASCII));
        assertEquals(5, s.count(Outcome.REMOTE));
        assertEquals(0, s.count(Outcome.LOCAL));
        assertEquals(Map.of("timeout", 3L), s.failures());
        assertEquals(
                5,
                ClientStats.parse("jdistcc-stats 1\nremote 5\n".getBytes(StandardCharsets.US_ASCII))
                        .count(Outcome.REMOTE));
        assertEquals(
                0,
                ClientStats.parse("something else\nremote 5\n".getBytes(StandardCharsets.US_ASCII))
                        .compiles());
    }

    @Test
    void aCompileTravelsThroughTheLogAsOneLine() {
        var r = remote("10.0.0.2:3632", true);
        r.exitStatus(1);
        String line = r.line(NOW);
        assertEquals("c 1764536400000 remote 1 r 10.0.0.2:3632 120 80 1000 300 f 10.0.0.9:3632 cannot_connect\n", line);
        var parsed = CompileRecord.parse(line.strip());
        assertEquals(NOW, parsed.finishedMillis());
        assertEquals(line, parsed.record().line(NOW));
        assertEquals(null, CompileRecord.parse("c 1 remote"));
        assertEquals(null, CompileRecord.parse("c 1 sideways 0"));
        assertEquals(null, CompileRecord.parse("c 1 local 0 r h 1 2"));
    }

    @Test
    void throughputCountsOnlyTheLastMinute() {
        var s = new ClientStats();
        s.add(new CompileRecord(), NOW - 90_000);
        s.add(new CompileRecord(), NOW - 30_000);
        s.add(new CompileRecord(), NOW - 1_000);
        s.add(new CompileRecord(), NOW);
        assertEquals(3, s.finishedInLastMinute(NOW));
        assertEquals(0, s.finishedInLastMinute(NOW + 61_000));
        // Old seconds are dropped from the file as it is rewritten.
        s.prune(NOW);
        String text = new String(s.format(), StandardCharsets.US_ASCII);
        assertEquals(3, text.lines().filter(l -> l.startsWith("recent ")).count());
    }
}
