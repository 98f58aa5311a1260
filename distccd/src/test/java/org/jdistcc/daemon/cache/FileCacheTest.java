package org.jdistcc.daemon.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdistcc.testing.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volunteer's file cache on a real directory: its bounds, its checks, and many jobs at once. */
class FileCacheTest {
    private static final CacheBounds ROOMY = new CacheBounds(1 << 20, 1000, Duration.ofDays(30));

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static byte[] content(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private FileCache open(CacheBounds bounds) throws IOException {
        return FileCache.open(dir.resolve("cache"), bounds, clock);
    }

    private byte[] copied(FileCache cache, String sha256) throws IOException {
        Path target = dir.resolve("copy-" + System.nanoTime());
        return cache.copyTo(sha256, target) ? Files.readAllBytes(target) : null;
    }

    @Test
    void whatIsInsertedIsCopiedOutAndSurvivesARestart() throws IOException {
        byte[] header = content("#define ANSWER 42\n");
        String digest = FileCache.sha256(header);
        FileCache cache = open(ROOMY);
        assertFalse(cache.holds(digest));
        assertFalse(cache.copyTo(digest, dir.resolve("absent")));
        assertFalse(Files.exists(dir.resolve("absent")), "a miss writes nothing");

        cache.insert(digest, header);

        assertArrayEquals(header, copied(cache, digest));
        FileCache reopened = open(ROOMY);
        assertEquals(1, reopened.size());
        assertArrayEquals(header, copied(reopened, digest));
    }

    @Test
    void keepsWithinItsBytesLeastRecentlyUsedFirst() throws IOException {
        FileCache cache = open(new CacheBounds(1000, 1000, Duration.ofDays(30)));
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            byte[] file = content(String.valueOf(i).repeat(100));
            digests.add(FileCache.sha256(file));
            cache.insert(digests.get(i), file);
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(cache.copyTo(digests.get(0), dir.resolve("used")), "the oldest, used again");
        clock.advance(Duration.ofSeconds(1));

        cache.insert(FileCache.sha256(content("x".repeat(300))), content("x".repeat(300)));

        assertTrue(cache.bytes() <= 900, cache.bytes() + " bytes kept");
        assertTrue(cache.holds(digests.get(0)), "the file used last stays");
        assertFalse(cache.holds(digests.get(1)), "the least recently used goes first");
        assertEquals(cache.bytes(), sizeOnDisk(), "what the index counts is what the disk holds");
    }

    @Test
    void keepsWithinItsFileCount() throws IOException {
        FileCache cache = open(new CacheBounds(1 << 20, 10, Duration.ofDays(30)));
        for (int i = 0; i < 25; i++) {
            cache.insert(FileCache.sha256(content("file " + i)), content("file " + i));
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(cache.size() <= 10, cache.size() + " files kept");
        assertTrue(cache.holds(FileCache.sha256(content("file 24"))), "the newest stays");
        assertEquals(cache.size(), filesOnDisk());
    }

    @Test
    void filesUnusedLongerThanTheAgeBoundLeave() throws IOException {
        FileCache cache = open(new CacheBounds(1 << 20, 1000, Duration.ofDays(2)));
        String old = FileCache.sha256(content("old"));
        cache.insert(old, content("old"));
        clock.advance(Duration.ofDays(3));
        String fresh = FileCache.sha256(content("fresh"));

        cache.insert(fresh, content("fresh"));

        assertFalse(cache.holds(old));
        assertTrue(cache.holds(fresh));
        // Recency reaches the disk: a restart two days on drops the fresh one too.
        clock.advance(Duration.ofDays(3));
        assertEquals(0, open(new CacheBounds(1 << 20, 1000, Duration.ofDays(2))).size());
    }

    /** A file an earlier run left (torn by a crash, or changed on disk) is checked on first use. */
    @Test
    void aFileThatIsNotWhatItsDigestNamesIsNeverServed() throws IOException {
        byte[] header = content("int good;\n");
        String digest = FileCache.sha256(header);
        open(ROOMY).insert(digest, header);
        Path stored = open(ROOMY).path(digest);
        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(stored, "int bad;\n");

        FileCache restarted = open(ROOMY);
        Path target = dir.resolve("target.h");

        assertFalse(restarted.copyTo(digest, target), "a mismatch is a miss");
        assertFalse(Files.exists(target), "and leaves nothing behind for the job");
        assertFalse(restarted.holds(digest));
        assertFalse(Files.exists(stored), "the damaged copy is gone");
    }

    @Test
    void aCopyCannotReachTheCachedFile() throws IOException {
        byte[] header = content("int x;\n");
        String digest = FileCache.sha256(header);
        FileCache cache = open(ROOMY);
        cache.insert(digest, header);
        Path copy = dir.resolve("copy.h");
        assertTrue(cache.copyTo(digest, copy));

        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(copy, "int y;\n"); // a compiler told to write over its input

        assertArrayEquals(header, copied(cache, digest));
    }

    @Test
    void manyJobsAtOnceGetWholeRightFilesAndTheBoundsHold() throws Exception {
        FileCache cache = open(new CacheBounds(64 * 1024, 50, Duration.ofDays(30)));
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            files.add(content(("header " + i + ";\n").repeat(50 + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                jobs.add(pool.submit(() -> {
                    int hits = 0;
                    for (int round = 0; round < 400; round++) {
                        byte[] file = files.get((round * 7 + seed * 13) % files.size());
                        String digest = FileCache.sha256(file);
                        Path target = dir.resolve("job-" + seed + "-" + round);
                        if (cache.copyTo(digest, target)) {
                            assertArrayEquals(file, Files.readAllBytes(target), "a whole, right file");
                            hits++;
                        } else {
                            assertFalse(Files.exists(target));
                            cache.insert(digest, file);
                        }
                        Files.deleteIfExists(target);
                    }
                    return hits;
                }));
            }
            int hits = 0;
            for (Future<Integer> job : jobs) {
                hits += job.get(60, TimeUnit.SECONDS);
            }
            assertTrue(hits > 0, "the jobs shared files");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(cache.bytes() <= 64 * 1024, cache.bytes() + " bytes");
        assertTrue(cache.size() <= 50, cache.size() + " files");
        assertEquals(cache.size(), filesOnDisk());
        assertEquals(cache.bytes(), sizeOnDisk());
    }

    @Test
    void aDirectoryThatIsALinkIsRefused() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        var e = assertThrows(IOException.class, () -> FileCache.open(link, ROOMY, clock));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void aZeroBoundKeepsNothing() throws IOException {
        FileCache cache = open(new CacheBounds(0, 1000, Duration.ofDays(1)));
        cache.insert(FileCache.sha256(content("x")), content("x"));
        assertFalse(cache.holds(FileCache.sha256(content("x"))));
        assertFalse(Files.exists(dir.resolve("cache")), "nor makes a directory");
    }

    private long sizeOnDisk() throws IOException {
        try (var files = Files.walk(dir.resolve("cache/objects"))) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    private long filesOnDisk() throws IOException {
        try (var files = Files.walk(dir.resolve("cache/objects"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
