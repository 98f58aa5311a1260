package org.jdistcc.daemon.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results on this volunteer's disk ({@code --cache-dir}, {@code --cache-size}): one file per entry,
 * {@code entries/ab/abcd...}, each written to {@code tmp/}, synced and renamed into place, so a crash
 * leaves either no entry or a whole one (and {@link EntryFormat}'s MAC refuses anything else). Bounded:
 * past {@code --cache-size} the least recently used entries go until a tenth is free; a hit renews an
 * entry's modification time, which is its age after a restart. One daemon per directory ({@code lock}
 * is held while it runs).
 */
public final class DiskCache implements ResultCache {
    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);

    private final Path root;
    private final Path entries;
    private final Path tmp;
    private final long maxBytes;
    private final EntryFormat format;
    private final FileChannel lockFile;
    private final Map<String, Meta> index = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Object evicting = new Object();
    private volatile boolean scanned;

    private record Meta(long size, long lastUsed) {}

    private DiskCache(Path root, long maxBytes, EntryFormat format, FileChannel lockFile) {
        this.root = root;
        this.entries = root.resolve("entries");
        this.tmp = root.resolve("tmp");
        this.maxBytes = maxBytes;
        this.format = format;
        this.lockFile = lockFile;
    }

    /**
     * Opens (creating) the cache in {@code dir}, removes what a crash left in {@code tmp/}, and counts
     * the entries in the background.
     *
     * @throws IOException if the directory cannot be used, or another daemon uses it
     */
    public static DiskCache open(Path dir, long maxBytes, EntryFormat format) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        createPrivate(root);
        FileChannel lock = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = lock.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            held = null; // this JVM holds it already
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        if (held == null) {
            lock.close();
            throw new IOException("another distccd uses the cache in " + root);
        }
        var cache = new DiskCache(root, maxBytes, format, lock);
        createPrivate(cache.entries);
        createPrivate(cache.tmp);
        cache.removeTornWrites();
        Thread.ofVirtual().name("cache-scan").start(cache::scan);
        return cache;
    }

    private static void createPrivate(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private void removeTornWrites() throws IOException {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(tmp)) {
            for (Path part : left) {
                Files.deleteIfExists(part);
            }
        }
    }

    private Path fileOf(String hex) {
        return entries.resolve(hex.substring(0, 2)).resolve(hex);
    }

    @Override
    public Hit lookup(ResultKey key, Path into) {
        String hex = key.hex();
        Path file = fileOf(hex);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CachedResult result = format.read(key, in, into);
            long now = System.currentTimeMillis();
            Files.setLastModifiedTime(file, FileTime.fromMillis(now));
            index.computeIfPresent(hex, (k, m) -> new Meta(m.size(), now));
            return new Hit(result, false);
        } catch (NoSuchFileException e) {
            forget(hex);
            return null;
        } catch (EntryFormat.Corrupt e) {
            errors.incrementAndGet();
            LOG.warn("cache entry {} is not usable ({}): removed", file, e.getMessage());
            remove(hex);
            return null;
        } catch (IOException e) {
            errors.incrementAndGet();
            LOG.warn("cannot read cache entry {}: {}", file, e.toString());
            return null;
        }
    }

    @Override
    public void store(ResultKey key, CachedResult result) {
        if (result.size() > format.maxEntry()) {
            return;
        }
        String hex = key.hex();
        Path temp = null;
        try {
            temp = Files.createTempFile(tmp, hex.substring(0, 16), ".part");
            long size;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                size = format.write(key, result, out);
                // On disk before its name is: after a crash the name leads to a whole entry or nothing.
                channel.force(true);
            }
            Path target = fileOf(hex);
            createPrivate(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Meta old = index.put(hex, new Meta(size, System.currentTimeMillis()));
            total.addAndGet(size - (old == null ? 0 : old.size()));
            evictIfFull();
        } catch (IOException e) {
            errors.incrementAndGet();
            LOG.warn("cannot keep a result in {}: {}", root, e.toString());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // removed at the next start
                }
            }
        }
    }

    /** Counts what earlier runs left; entries stored meanwhile are counted by {@link #store}. */
    private void scan() {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(entries)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path file : files) {
                        var attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
                        String hex = file.getFileName().toString();
                        var meta = new Meta(
                                attributes.size(), attributes.lastModifiedTime().toMillis());
                        if (index.putIfAbsent(hex, meta) == null) {
                            total.addAndGet(meta.size());
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot count the entries in {}: {}", entries, e.toString());
        }
        scanned = true;
        LOG.info("result cache {}: {} entries, {} bytes", root, index.size(), total.get());
        evictIfFull();
    }

    /** Over the bound: the least recently used go until a tenth is free. */
    private void evictIfFull() {
        if (!scanned || total.get() <= maxBytes) {
            return;
        }
        synchronized (evicting) {
            if (total.get() <= maxBytes) {
                return;
            }
            List<Map.Entry<String, Meta>> oldestFirst = new ArrayList<>(index.entrySet());
            oldestFirst.sort(Comparator.comparingLong(e -> e.getValue().lastUsed()));
            long goal = maxBytes - maxBytes / 10;
            int removed = 0;
            for (Map.Entry<String, Meta> e : oldestFirst) {
                if (total.get() <= goal) {
                    break;
                }
                if (index.remove(e.getKey(), e.getValue())) {
                    total.addAndGet(-e.getValue().size());
                    delete(e.getKey());
                    removed++;
                }
            }
            LOG.debug("result cache full: {} least recently used entries removed", removed);
        }
    }

    private void remove(String hex) {
        forget(hex);
        delete(hex);
    }

    private void forget(String hex) {
        Meta meta = index.remove(hex);
        if (meta != null) {
            total.addAndGet(-meta.size());
        }
    }

    private void delete(String hex) {
        try {
            Files.deleteIfExists(fileOf(hex));
        } catch (IOException e) {
            LOG.warn("cannot remove cache entry {}: {}", fileOf(hex), e.toString());
        }
    }

    @Override
    public long errors() {
        return errors.get();
    }

    @Override
    public long localBytes() {
        return total.get();
    }

    @Override
    public String kind() {
        return "disk";
    }

    @Override
    public String describe() {
        return "disk " + root + " (" + (maxBytes >> 20) + " MiB)";
    }

    @Override
    public void close() {
        try {
            lockFile.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
