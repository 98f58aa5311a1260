package org.jdistcc.daemon.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volunteer's disk cache on a real directory: round trip, damage, crash leftovers, LRU bound. */
class DiskCacheTest {
    private static final byte[] SECRET = "a farm's secret of some length".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private ResultKey key(String source) {
        return ResultKey.builder("test").text("source", source).build();
    }

    private CachedResult result(String name, int objectBytes) throws Exception {
        Path object = Files.write(dir.resolve(name + ".o"), new byte[objectBytes]);
        Path dwo = Files.writeString(dir.resolve(name + ".dwo"), "split dwarf of " + name);
        Path header = Files.writeString(dir.resolve(name + ".h"), "int x;\n");
        return new CachedResult(
                0,
                ("warning from " + name).getBytes(StandardCharsets.UTF_8),
                new byte[0],
                object,
                "a.o: a.c\n".getBytes(StandardCharsets.UTF_8),
                List.of(new CachedResult.Side("dwo", dwo)),
                List.of(new CachedResult.VolunteerFile(header, EntryFormat.digest(header))));
    }

    private Path into(String name) throws Exception {
        return Files.createDirectories(dir.resolve("into-" + name));
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aStoredResultComesBackWholeAndAMissIsNull() throws Exception {
        try (DiskCache cache = DiskCache.open(dir.resolve("cache"), 1 << 20, new EntryFormat(SECRET, 1 << 20))) {
            CachedResult stored = result("a", 1000);
            cache.store(key("a"), stored);
            assertNull(cache.lookup(key("b"), into("b")));
            ResultCache.Hit hit = cache.lookup(key("a"), into("a"));
            assertNotNull(hit);
            assertFalse(hit.shared());
            CachedResult got = hit.result();
            assertEquals(0, got.waitStatus());
            assertArrayEquals(stored.stderr(), got.stderr());
            assertArrayEquals(stored.deps(), got.deps());
            assertArrayEquals(Files.readAllBytes(stored.object()), Files.readAllBytes(got.object()));
            assertEquals(1, got.sides().size());
            assertEquals("dwo", got.sides().getFirst().suffix());
            assertEquals(
                    "split dwarf of a", Files.readString(got.sides().getFirst().content()));
            assertEquals(stored.volunteerFiles(), got.volunteerFiles());
            assertTrue(cache.localBytes() > 1000, () -> Long.toString(cache.localBytes()));
            assertEquals("disk", cache.kind());
            assertTrue(cache.describe().startsWith("disk "), cache.describe());
            assertEquals(0, cache.errors());
        }
    }

    @Test
    void aDamagedEntryOrOneSignedWithAnotherSecretIsRemovedNotServed() throws Exception {
        Path root = dir.resolve("cache");
        try (DiskCache cache = DiskCache.open(root, 1 << 20, new EntryFormat(SECRET, 1 << 20))) {
            cache.store(key("a"), result("a", 4000));
            cache.store(key("b"), result("b", 10));
        }
        List<Path> entries = files(root.resolve("entries"));
        assertEquals(2, entries.size(), entries::toString);
        Path damaged =
                root.resolve("entries").resolve(key("a").hex().substring(0, 2)).resolve(key("a").hex());
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(damaged, bytes);
        try (DiskCache cache = DiskCache.open(root, 1 << 20, new EntryFormat(SECRET, 1 << 20))) {
            assertNull(cache.lookup(key("a"), into("a")));
            assertEquals(1, cache.errors());
            assertFalse(Files.exists(damaged), "removed");
            assertNotNull(cache.lookup(key("b"), into("b")));
        }
        byte[] other = "another farm's secret, not ours".getBytes(StandardCharsets.UTF_8);
        try (DiskCache cache = DiskCache.open(root, 1 << 20, new EntryFormat(other, 1 << 20))) {
            assertNull(cache.lookup(key("b"), into("b2")));
            assertEquals(1, cache.errors());
        }
    }

    @Test
    void whatACrashLeftInTmpIsRemovedAndOneDirectoryHasOneDaemon() throws Exception {
        Path root = dir.resolve("cache");
        try (DiskCache cache = DiskCache.open(root, 1 << 20, new EntryFormat(null, 1 << 20))) {
            Files.writeString(root.resolve("tmp").resolve("torn.part"), "half an entry");
            var e = assertThrows(
                    java.io.IOException.class, () -> DiskCache.open(root, 1 << 20, new EntryFormat(null, 1 << 20)));
            assertTrue(e.getMessage().contains("another distccd uses the cache"), e.getMessage());
        }
        try (DiskCache cache = DiskCache.open(root, 1 << 20, new EntryFormat(null, 1 << 20))) {
            assertEquals(List.of(), files(root.resolve("tmp")));
        }
    }

    @Test
    void overItsSizeTheLeastRecentlyUsedGoFirstAndTooLargeIsNotKept() throws Exception {
        Path root = dir.resolve("cache");
        try (DiskCache cache = DiskCache.open(root, 30_000, new EntryFormat(SECRET, 20_000))) {
            cache.store(key("huge"), result("huge", 25_000));
            assertNull(cache.lookup(key("huge"), into("huge")), "larger than an entry may be");
            long deadline = System.nanoTime() + 10_000_000_000L;
            for (String name : List.of("a", "b", "c", "d")) {
                cache.store(key(name), result(name, 9_000));
                Thread.sleep(20); // distinct use times
                if (name.equals("b")) {
                    assertNotNull(cache.lookup(key("a"), into("a")), "a used again: b is now the oldest");
                }
            }
            while (cache.localBytes() > 30_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                cache.store(key("d"), result("d", 9_000));
            }
            assertTrue(cache.localBytes() <= 30_000, () -> Long.toString(cache.localBytes()));
            assertNull(cache.lookup(key("b"), into("b")), "the least recently used is gone");
            assertNotNull(cache.lookup(key("d"), into("d")), "the newest is kept");
        }
    }

    @Test
    void aTieredCacheAnswersFromEitherAndKeepsInBoth() throws Exception {
        try (DiskCache near = DiskCache.open(dir.resolve("near"), 1 << 20, new EntryFormat(SECRET, 1 << 20));
                DiskCache far = DiskCache.open(dir.resolve("far"), 1 << 20, new EntryFormat(SECRET, 1 << 20))) {
            var both = new TieredCache(near, far);
            both.store(key("a"), result("a", 100));
            assertNotNull(near.lookup(key("a"), into("near")));
            assertNotNull(far.lookup(key("a"), into("far")));
            far.store(key("b"), result("b", 100));
            ResultCache.Hit fromFar = both.lookup(key("b"), into("both"));
            assertNotNull(fromFar);
            assertNull(both.lookup(key("c"), into("c")));
            assertEquals(near.localBytes(), both.localBytes());
            assertEquals(0, both.errors());
            assertTrue(both.kind().contains("disk"), both.kind());
            assertTrue(both.describe().contains("disk"), both.describe());
        }
    }

    @Test
    void aRedisUrlIsParsedAndPrintedWithoutItsPassword() {
        var address = RedisCache.Address.parse("redis://user:s%40cret@farm.example:6380/2");
        assertEquals(new RedisCache.Address("farm.example", 6380, "user", "s@cret", 2, false), address);
        assertEquals("redis://farm.example:6380/2", address.toString());
        assertEquals(
                new RedisCache.Address("h", 6379, null, "pw", 0, true), RedisCache.Address.parse("rediss://:pw@h"));
        for (String bad : List.of("http://h", "redis:///0", "redis://h/x", "redis://h h")) {
            assertThrows(IllegalArgumentException.class, () -> RedisCache.Address.parse(bad), bad);
        }
    }
}
