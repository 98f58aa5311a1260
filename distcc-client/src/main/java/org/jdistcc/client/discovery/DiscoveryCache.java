package org.jdistcc.client.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdistcc.common.io.WholeFile;

/**
 * What each discovery word found, kept in {@code $DISTCC_DIR/discovered/} until its TTL runs out
 * and shared by every client of the user: a build's hundreds of compiles look a name up once. A
 * word whose entry ran out is looked up by one client at a time (a lock file beside the entry, for
 * at most the lookup's bound); the others use the old entry meanwhile, or, when there is none or it
 * is long out of date, wait for what that client writes. An entry is replaced whole
 * (temporary file, then rename); one that is damaged or too big is looked up again.
 */
final class DiscoveryCache {
    static final String DIRECTORY = "discovered";
    private static final String MAGIC = "jdistcc-discovered 1";
    private static final int MAX_BYTES = 64 * 1024;
    private static final ConcurrentHashMap<String, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    /** An entry: what was found and until when it holds. */
    record Entry(Expansion expansion, Instant expires) {}

    private final Path dir;
    private final Clock clock;
    private final Duration lockWait;

    /** An entry this long past its TTL is still used while it is looked up again. */
    static final Duration STALE_GRACE = Duration.ofMinutes(10);

    /** @param lockWait how long to wait for another client's lookup of the same word before doing it too */
    DiscoveryCache(Path distccDir, Clock clock, Duration lockWait) {
        this.dir = distccDir.resolve(DIRECTORY);
        this.clock = clock;
        this.lockWait = lockWait;
    }

    /**
     * The entry for {@code key} if it has not run out; else, within {@link #STALE_GRACE} of that,
     * the same entry while a thread of its own looks the word up again (a browse takes a second that
     * no compile should wait for); else {@code lookup}'s, which is then kept.
     */
    Expansion get(String key, Supplier<Expansion> lookup) {
        Entry cached = read(key);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.expansion();
        }
        if (cached != null && now.isBefore(cached.expires().plus(STALE_GRACE))) {
            Thread.ofVirtual().name("discovery-refresh").start(() -> lookUpAndKeep(key, lookup, Duration.ZERO));
            return cached.expansion();
        }
        Expansion found = lookUpAndKeep(key, lookup, lockWait);
        return found != null ? found : lookup.get();
    }

    /**
     * Looks {@code key} up unless another client is doing so; waits at most {@code wait} for it.
     * Null when {@code wait} is zero and another client has it in hand.
     */
    private Expansion lookUpAndKeep(String key, Supplier<Expansion> lookup, Duration wait) {
        ReentrantLock mine = IN_THIS_JVM.computeIfAbsent(file(key).toString(), k -> new ReentrantLock());
        boolean locked = false;
        try {
            locked = mine.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (!locked && wait.isZero()) {
                return null;
            }
            try (Held held = locked ? fileLock(key, wait) : null) {
                if (held == null && wait.isZero()) {
                    return null;
                }
                Entry again = read(key);
                if (again != null && clock.instant().isBefore(again.expires())) {
                    return again.expansion();
                }
                Expansion found = lookup.get();
                write(key, new Entry(found, clock.instant().plus(found.ttl())));
                return found;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (locked) {
                mine.unlock();
            }
        }
    }

    Entry read(String key) {
        return readFile(file(key));
    }

    private static Entry readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return null;
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            if (lines.length < 3 || !lines[0].equals(MAGIC) || !lines[1].startsWith("expires ")) {
                return null;
            }
            Instant expires = Instant.ofEpochMilli(Long.parseLong(lines[1].substring(8)));
            long ttl = Long.parseLong(lines[2].substring(lines[2].indexOf(' ') + 1));
            List<String> words = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (int i = 3; i < lines.length; i++) {
                if (lines[i].startsWith("host ")) {
                    words.add(lines[i].substring(5));
                } else if (lines[i].startsWith("warning ")) {
                    warnings.add(lines[i].substring(8));
                }
            }
            return new Entry(new Expansion(words, warnings, Duration.ofMillis(ttl)), expires);
        } catch (IOException | RuntimeException e) {
            return null; // missing or damaged: looked up again
        }
    }

    private void write(String key, Entry entry) {
        var text = new StringBuilder(MAGIC).append('\n');
        text.append("expires ").append(entry.expires().toEpochMilli()).append('\n');
        text.append("ttl ").append(entry.expansion().ttl().toMillis()).append('\n');
        text.append("key ").append(key.replace('\n', ' ')).append('\n');
        entry.expansion().words().forEach(w -> text.append("host ").append(w).append('\n'));
        entry.expansion()
                .warnings()
                .forEach(w ->
                        text.append("warning ").append(w.replace('\n', ' ')).append('\n'));
        try {
            WholeFile.replace(file(key), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // not kept: the next compile looks it up again
        }
    }

    /** The other clients' lookup of the same word, waited for at most {@code lockWait}; null if not had. */
    private Held fileLock(String key, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(
                    dir.resolve(file(key).getFileName() + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            while (true) {
                try {
                    if (channel.tryLock() != null) {
                        return () -> closeQuietly(channel); // closing the channel releases its lock
                    }
                } catch (OverlappingFileLockException e) {
                    // held in this JVM by a thread that has no in-JVM lock: cannot be, but never wait forever
                }
                if (System.nanoTime() > deadline) {
                    channel.close();
                    return null;
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** The entry's file: the key's readable part and a digest, so two keys never share a file. */
    Path file(String key) {
        String readable = key.replaceAll("[^A-Za-z0-9_=-]", "_");
        readable = readable.substring(0, Math.min(readable.length(), 60));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(readable + "-" + HexFormat.of().formatHex(digest, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A lock held on the lock file, released by closing. */
    private interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the lock goes with the channel either way
        }
    }
}
