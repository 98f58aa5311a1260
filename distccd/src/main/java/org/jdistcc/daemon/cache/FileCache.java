package org.jdistcc.daemon.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdistcc.common.digest.Sha256;
import org.jdistcc.common.io.WholeFile;

/**
 * Files by SHA-256 in {@code DIR/objects/ab/abcd...}, shared by every job and every client of this
 * daemon, bounded in bytes and in files (least recently used go first, down to 90% of each bound)
 * and in age (unused longer than the bound go). What makes it safe:
 *
 * <ul>
 *   <li>a file is written under {@code DIR/tmp} and renamed into place whole, read-only: a reader
 *       sees the whole file or none, and a compiler told to write over an input it was given a copy
 *       of cannot reach the cache;
 *   <li>the caller checks the content against its digest before {@link #insert}; a file left by an
 *       earlier run (after a crash its data may not have reached the disk before the rename) is
 *       checked again on its first use, and dropped if it does not match: a torn file is never
 *       served;
 *   <li>jobs get copies ({@link #copyTo}), taken when the job is built: a file evicted afterwards
 *       does not matter to it;
 *   <li>the directory must be this user's and is made mode 0700.
 * </ul>
 *
 * Recency is kept in memory and written to each file's modification time at most once an hour, so
 * that it survives a restart.
 */
public final class FileCache {
    private static final HexFormat HEX = HexFormat.of();
    private static final Duration TOUCH_EVERY = Duration.ofHours(1);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private static final Duration STALE_TEMP = Duration.ofMinutes(10);
    private static final Set<StandardOpenOption> CREATE_READ_ONLY =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<?> READ_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r--r--"));

    private final Path objects;
    private final Path tmp;
    private final CacheBounds bounds;
    private final Clock clock;
    private final Map<String, Entry> index = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final AtomicLong lastSweep = new AtomicLong();

    private static final class Entry {
        final long size;
        volatile long lastUsed;
        volatile long touchedOnDisk;
        volatile boolean verified;

        Entry(long size, long lastUsed, boolean verified) {
            this.size = size;
            this.lastUsed = lastUsed;
            this.touchedOnDisk = lastUsed;
            this.verified = verified;
        }
    }

    private FileCache(Path dir, CacheBounds bounds, Clock clock) {
        this.objects = dir == null ? null : dir.resolve("objects");
        this.tmp = dir == null ? null : dir.resolve("tmp");
        this.bounds = bounds;
        this.clock = clock;
    }

    /** A cache that keeps nothing: every file is asked for, every time. */
    public static FileCache disabled() {
        return new FileCache(null, new CacheBounds(0, 0, Duration.ZERO), Clock.systemUTC());
    }

    /**
     * Opens (or makes) the cache in {@code dir} and indexes what an earlier run left there.
     *
     * @throws IOException if {@code dir} is a link, not a directory, or another user's
     */
    public static FileCache open(Path dir, CacheBounds bounds, Clock clock) throws IOException {
        if (bounds.maxBytes() <= 0 || bounds.maxFiles() <= 0) {
            return disabled();
        }
        var cache = new FileCache(dir, bounds, clock);
        CacheDirectory.prepare(dir, cache.objects, cache.tmp);
        cache.removeStaleTemporaries();
        cache.indexExisting();
        cache.dropOlderThan(clock.millis() - bounds.maxAge().toMillis());
        cache.evict();
        return cache;
    }

    /** How many files the cache holds. */
    public int size() {
        return index.size();
    }

    /** The bytes the cache holds. */
    public long bytes() {
        return totalBytes.get();
    }

    /**
     * Copies the file of digest {@code sha256} to {@code target} (a new file), checking it first if this
     * run has not.
     *
     * @return false, and nothing written, if the cache does not hold it (or held a damaged copy)
     */
    public boolean copyTo(String sha256, Path target) throws IOException {
        Entry entry = index.get(sha256);
        if (entry == null) {
            return false;
        }
        FileChannel in;
        try {
            in = FileChannel.open(path(sha256), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            // Evicted since the lookup (or by another daemon sharing the directory).
            remove(sha256, entry);
            return false;
        }
        // The target is made new, never followed nor truncated: whatever is at its name (a file, a
        // directory, a link the same manifest made) fails the copy, and the caller's request.
        try (in;
                FileChannel out = FileChannel.open(target, CREATE_READ_ONLY, READ_ONLY)) {
            if (entry.verified) {
                copy(in, out);
            } else if (copyChecking(in, out, sha256)) {
                entry.verified = true;
            } else {
                Files.delete(target);
                remove(sha256, entry);
                return false;
            }
        }
        touch(sha256, entry);
        return true;
    }

    /** Whether the cache holds digest {@code sha256} now (it may be evicted the next moment). */
    public boolean holds(String sha256) {
        return index.containsKey(sha256);
    }

    /**
     * Keeps {@code content}, whose digest the caller has checked to be {@code sha256}. Best effort: a
     * cache that cannot write only misses later.
     */
    public void insert(String sha256, byte[] content) {
        if (objects == null || content.length > bounds.maxBytes() || index.containsKey(sha256)) {
            Entry entry = index.get(sha256);
            if (entry != null) {
                touch(sha256, entry);
            }
            return;
        }
        try {
            Path temp = Files.createTempFile(tmp, "in-", ".tmp");
            try {
                Files.write(temp, content);
                Files.setLastModifiedTime(temp, FileTime.fromMillis(clock.millis()));
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
                Path file = path(sha256);
                Files.createDirectories(file.getParent());
                WholeFile.moveOver(temp, file);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            return;
        }
        if (index.putIfAbsent(sha256, new Entry(content.length, clock.millis(), true)) == null) {
            totalBytes.addAndGet(content.length);
        }
        evict();
        long now = clock.millis();
        long last = lastSweep.get();
        if (now - last > SWEEP_EVERY.toMillis() && lastSweep.compareAndSet(last, now)) {
            dropOlderThan(now - bounds.maxAge().toMillis());
        }
    }

    Path path(String sha256) {
        return objects.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Past either bound, down to 90% of both, least recently used first. */
    private synchronized void evict() {
        if (totalBytes.get() <= bounds.maxBytes() && index.size() <= bounds.maxFiles()) {
            return;
        }
        List<Map.Entry<String, Entry>> byAge = new ArrayList<>(index.entrySet());
        byAge.sort((a, b) -> Long.compare(a.getValue().lastUsed, b.getValue().lastUsed));
        long bytes = bounds.maxBytes() / 10 * 9;
        long files = bounds.maxFiles() / 10 * 9L;
        for (var e : byAge) {
            if (totalBytes.get() <= bytes && index.size() <= files) {
                return;
            }
            remove(e.getKey(), e.getValue());
        }
    }

    private synchronized void dropOlderThan(long cutoff) {
        for (var e : List.copyOf(index.entrySet())) {
            if (e.getValue().lastUsed < cutoff) {
                remove(e.getKey(), e.getValue());
            }
        }
    }

    private void remove(String sha256, Entry entry) {
        if (index.remove(sha256, entry)) {
            totalBytes.addAndGet(-entry.size);
            try {
                Files.deleteIfExists(path(sha256));
            } catch (IOException e) {
                // an unreadable leftover is found again, unchecked, at the next start
            }
        }
    }

    private void touch(String sha256, Entry entry) {
        long now = clock.millis();
        entry.lastUsed = now;
        if (now - entry.touchedOnDisk > TOUCH_EVERY.toMillis()) {
            entry.touchedOnDisk = now;
            try {
                Files.setLastModifiedTime(path(sha256), FileTime.fromMillis(now));
            } catch (IOException e) {
                // recency in memory is enough until the next restart
            }
        }
    }

    /**
     * All of {@code in} to {@code out} by the kernel: a job's copy of a cached file. {@code Files.copy}
     * first looked for the target with an {@code lstat} whose failure, the usual case, threw inside
     * the JDK: a third of a job's tree cost.
     */
    private static void copy(FileChannel in, FileChannel out) throws IOException {
        long size = in.size();
        for (long done = 0; done < size; ) {
            long n = in.transferTo(done, size - done, out);
            if (n <= 0) {
                throw new IOException("a cached file shrank while it was copied");
            }
            done += n;
        }
    }

    /** Copies {@code in} to {@code out} and says whether what was copied has digest {@code sha256}. */
    private static boolean copyChecking(FileChannel in, FileChannel out, String sha256) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (in.read(buffer) >= 0) {
            buffer.flip();
            digest.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            buffer.clear();
        }
        return HEX.formatHex(digest.digest()).equals(sha256);
    }

    private void removeStaleTemporaries() throws IOException {
        long cutoff = clock.millis() - STALE_TEMP.toMillis();
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp)) {
            for (Path temp : temps) {
                // Younger ones may be another daemon's, sharing the directory, still being written.
                if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    private void indexExisting() throws IOException {
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(objects)) {
            for (Path prefix : prefixes) {
                if (!Files.isDirectory(prefix, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        var attributes =
                                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        if (isDigest(name)
                                && name.startsWith(prefix.getFileName().toString())
                                && attributes.isRegularFile()) {
                            index.put(
                                    name,
                                    new Entry(
                                            attributes.size(),
                                            attributes.lastModifiedTime().toMillis(),
                                            false));
                            totalBytes.addAndGet(attributes.size());
                        }
                    }
                }
            }
        }
    }

    static boolean isDigest(String name) {
        return name.length() == 64 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    public static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    /** Lowercase hex SHA-256 of {@code content} (libcrypto's where it can: {@link Sha256}). */
    public static String sha256(byte[] content) {
        return Sha256.hex(content);
    }
}
