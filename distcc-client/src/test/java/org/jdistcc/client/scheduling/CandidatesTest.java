package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidatesTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    static HostSpec tcp(String name, Compression c) {
        return new HostSpec.Tcp(name, 3632, 2, c, false);
    }

    Backoff backoff(Instant at) {
        return new Backoff(dir, Duration.ofSeconds(60), Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void keepsListOrderAndLeavesOutHostsThatFailedWithinTheBackoffPeriod() {
        var a = tcp("a", Compression.NONE);
        var b = tcp("b", Compression.LZO);
        var local = new HostSpec.Local(2);
        var hosts = new HostList(List.of(a, local, b), false, 2, 8);
        backoff(NOW).markFailed(b);
        var soon = Candidates.choose(hosts, backoff(NOW.plusSeconds(30)), h -> null, 1);
        assertEquals(List.of(a, local), soon.usable());
        assertEquals(List.of(b), soon.byBackoff());
        var later = Candidates.choose(hosts, backoff(NOW.plusSeconds(61)), h -> null, 1);
        assertEquals(List.of(a, local, b), later.usable());
    }

    @Test
    void leavesOutHostsNoDialectCanUseButNeverLocalhost() {
        var plain = tcp("plain", Compression.NONE);
        var jd = tcp("jd", Compression.LZ4);
        var local = new HostSpec.Local(1);
        var hosts = new HostList(List.of(plain, jd, local), false, 2, 8);
        var choice = Candidates.choose(
                hosts, backoff(NOW), h -> ((HostSpec.Tcp) h).compression() == Compression.LZ4 ? null : "no", 1);
        assertEquals(List.of(jd, local), choice.usable());
        assertEquals(List.of(new Candidates.Skipped(plain, "no")), choice.byDialect());
    }

    /** distcc 3.4 --randomize: srand(getpid()), so each client has its own order, the same each time. */
    @Test
    void randomizeShufflesPerClientAndRepeatably() {
        List<HostSpec> list = IntStream.range(0, 8)
                .mapToObj(i -> tcp("h" + i, Compression.NONE))
                .toList();
        var hosts = new HostList(list, true, 2, 8);
        var first = Candidates.choose(hosts, backoff(NOW), h -> null, 4242).usable();
        assertEquals(
                first, Candidates.choose(hosts, backoff(NOW), h -> null, 4242).usable());
        assertEquals(new HashSet<>(list), new HashSet<>(first));
        var orders = new HashSet<List<HostSpec>>();
        for (long pid = 1; pid <= 20; pid++) {
            orders.add(Candidates.choose(hosts, backoff(NOW), h -> null, pid).usable());
        }
        assertNotEquals(1, orders.size(), "clients spread over the hosts");
    }
}
