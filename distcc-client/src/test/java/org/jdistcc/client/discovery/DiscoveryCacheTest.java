package org.jdistcc.client.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.testing.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryCacheTest {
    @TempDir
    Path distccDir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final AtomicInteger lookups = new AtomicInteger();

    private Expansion lookUp(String word, Duration ttl) {
        lookups.incrementAndGet();
        return new Expansion(List.of("10.0.0." + lookups.get() + ":3632/4"), List.of("note " + word), ttl);
    }

    @Test
    void anEntryIsKeptForItsTtlAndSharedThroughTheDirectory() throws InterruptedException {
        var one = new DiscoveryCache(distccDir, clock, Duration.ofSeconds(1));
        var other = new DiscoveryCache(distccDir, clock, Duration.ofSeconds(1)); // another client
        Expansion first = one.get("+srv=farm.test", () -> lookUp("a", Duration.ofSeconds(60)));
        assertEquals(List.of("10.0.0.1:3632/4"), first.words());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(first, other.get("+srv=farm.test", () -> lookUp("b", Duration.ofSeconds(60))));
        assertEquals(1, lookups.get());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(
                first,
                other.get("+srv=farm.test", () -> lookUp("c", Duration.ofSeconds(60))),
                "its TTL ran out: the old entry while it is looked up again");
        awaitRefreshed(one, "+srv=farm.test", 2);
        assertEquals(
                List.of("10.0.0.2:3632/4"),
                one.get("+srv=farm.test", () -> lookUp("d", Duration.ofSeconds(60)))
                        .words());
        clock.advance(Duration.ofSeconds(60).plus(DiscoveryCache.STALE_GRACE));
        assertEquals(
                List.of("10.0.0.3:3632/4"),
                one.get("+srv=farm.test", () -> lookUp("e", Duration.ofSeconds(60)))
                        .words(),
                "long out of date: looked up while the compile waits");
        assertEquals(3, lookups.get());
    }

    /** The refresh runs on a thread of its own: a bounded wait until its entry is written. */
    private void awaitRefreshed(DiscoveryCache cache, String key, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            DiscoveryCache.Entry e = cache.read(key);
            if (lookups.get() >= n && e != null && e.expires().isAfter(clock.instant())) {
                break;
            }
            Thread.sleep(10);
        }
        assertEquals(n, lookups.get());
    }

    @Test
    void ttlsAreBoundedAndFailuresKeptBriefly() throws InterruptedException {
        var cache = new DiscoveryCache(distccDir, clock, Duration.ofSeconds(1));
        cache.get("zero", () -> lookUp("z", Duration.ZERO));
        cache.get("zero", () -> lookUp("z", Duration.ZERO));
        assertEquals(1, lookups.get(), "TTL 0 still covers compiles started together");
        clock.advance(Expansion.MIN_TTL);
        cache.get("zero", () -> lookUp("z", Duration.ZERO));
        awaitRefreshed(cache, "zero", 2);
        assertEquals(Expansion.MAX_TTL, new Expansion(List.of(), List.of(), Duration.ofDays(7)).ttl());
        assertEquals(Expansion.FAILURE_TTL, Expansion.failed("x").ttl());
    }

    @Test
    void aDamagedEntryIsLookedUpAgainAndKeysNeverShareAFile() throws Exception {
        var cache = new DiscoveryCache(distccDir, clock, Duration.ofSeconds(1));
        cache.get("+addresses=a.test", () -> lookUp("a", Duration.ofSeconds(60)));
        Files.writeString(cache.file("+addresses=a.test"), "jdistcc-discovered 1\nexpires x\n");
        cache.get("+addresses=a.test", () -> lookUp("a", Duration.ofSeconds(60)));
        assertEquals(2, lookups.get());
        Files.write(cache.file("+addresses=a.test"), new byte[70 * 1024]);
        cache.get("+addresses=a.test", () -> lookUp("a", Duration.ofSeconds(60)));
        assertEquals(3, lookups.get(), "too big");
        assertNotEquals(cache.file("+srv=a/b"), cache.file("+srv=a_b"));
        assertEquals(
                List.of("note a"), cache.read("+addresses=a.test").expansion().warnings());
    }
}
