package org.jdistcc.client.stats;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client statistics of one user, shared by all their concurrent clients without lost updates
 * and at the least cost per compile:
 *
 * <ul>
 *   <li>a client appends one line per compile to {@code $DISTCC_DIR/stats.log} with a single
 *       {@code write(2)} on an {@code O_APPEND} descriptor: the kernel never interleaves two such
 *       writes to a local file, so no lock is taken and none is waited for;
 *   <li>readers ({@code --show-stats}, {@code distccmon-text}, and a client that finds the log
 *       large) fold the log into the totals, {@code $DISTCC_DIR/stats}, holding an exclusive POSIX
 *       lock on {@code stats.lock}. The totals record how many bytes of each log file they hold,
 *       so a line is counted exactly once whenever it was appended.
 *   <li>past {@value #ROTATE_BYTES} bytes the log is renamed {@code stats.log.old}; clients
 *       create a new one. The old one is deleted once folded and unchanged for a minute, so a
 *       client that opened it just before the rename still has its line counted.
 * </ul>
 *
 * A locked read-modify-write of the totals by every client was measured first: about 1 ms per
 * compile in the client's short-lived, mostly interpreted JVM, against some 30 us for the append.
 * The log is local-filesystem only: NFS does not keep O_APPEND writes whole.
 */
public final class StatsFile {
    static final long ROTATE_BYTES = 256 * 1024;
    static final long OLD_LOG_QUIET_MILLIS = 60_000;

    private final Path totals;
    private final Path log;
    private final Path oldLog;
    private final Path lock;
    private final long rotateBytes;
    private final long quietMillis;

    public StatsFile(Path totals) {
        this(totals, ROTATE_BYTES, OLD_LOG_QUIET_MILLIS);
    }

    StatsFile(Path totals, long rotateBytes, long quietMillis) {
        this.totals = totals;
        String name = totals.getFileName().toString();
        // String.concat, not "+": each "+" site costs an invokedynamic bootstrap in a fresh JVM.
        this.log = totals.resolveSibling(name.concat(".log"));
        this.oldLog = totals.resolveSibling(name.concat(".log.old"));
        this.lock = totals.resolveSibling(name.concat(".lock"));
        this.rotateBytes = rotateBytes;
        this.quietMillis = quietMillis;
    }

    public Path path() {
        return totals;
    }

    /** Adds one finished compile: one appended line; now and then, a fold. */
    public void record(CompileRecord record, long nowMillis) throws IOException {
        byte[] line = record.line(nowMillis).getBytes(StandardCharsets.UTF_8);
        File file = log.toFile();
        try (FileOutputStream out = append(file)) {
            out.write(line); // one write(2): the line lands whole
        }
        if (file.length() > rotateBytes) {
            fold(nowMillis, false); // about once per few thousand compiles
        }
    }

    private FileOutputStream append(File file) throws IOException {
        try {
            return new FileOutputStream(file, true);
        } catch (FileNotFoundException e) {
            Files.createDirectories(log.getParent());
            return new FileOutputStream(file, true);
        }
    }

    /** The totals, with every appended compile folded in. */
    public ClientStats read(long nowMillis) throws IOException {
        return fold(nowMillis, false);
    }

    /** Resets every total, remembering when ({@code --zero-stats}). */
    public void zero(long nowMillis) throws IOException {
        fold(nowMillis, true);
    }

    private ClientStats fold(long nowMillis, boolean zero) throws IOException {
        Folding.IN_PROCESS.lock();
        try (FileChannel lockChannel = openLock()) {
            if (lockChannel == null) {
                return foldInMemory(nowMillis); // somebody else's directory: look, don't touch
            }
            lockChannel.lock();
            ClientStats stats = readTotals();
            Set<String> live = new HashSet<>();
            String oldKey = foldLog(stats, oldLog, live);
            foldLog(stats, log, live);
            if (oldKey != null && quietAndFolded(stats, oldKey, nowMillis)) {
                Files.deleteIfExists(oldLog);
                live.remove(oldKey);
            }
            if (!Files.exists(oldLog) && size(log) > rotateBytes) {
                // Its offset stays filed under its identity, which a rename keeps.
                Files.move(log, oldLog, StandardCopyOption.ATOMIC_MOVE);
            }
            stats.retainLogs(live);
            if (zero) {
                stats = stats.zeroed(nowMillis / 1000);
            }
            stats.prune(nowMillis);
            writeTotals(stats.format());
            return stats;
        } finally {
            Folding.IN_PROCESS.unlock();
        }
    }

    /** Loaded by the first fold only: a client that just appends never initialises it. */
    private static final class Folding {
        /** POSIX locks belong to the process: our own threads queue here first (else OverlappingFileLockException). */
        static final ReentrantLock IN_PROCESS = new ReentrantLock();
    }

    private FileChannel openLock() throws IOException {
        try {
            return FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(lock.getParent());
            return FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            return null;
        } catch (FileSystemException e) {
            if (String.valueOf(e.getReason()).contains("Read-only")) {
                return null;
            }
            throw e;
        }
    }

    private ClientStats foldInMemory(long nowMillis) throws IOException {
        ClientStats stats = readTotals();
        Set<String> live = new HashSet<>();
        foldLog(stats, oldLog, live);
        foldLog(stats, log, live);
        stats.prune(nowMillis);
        return stats;
    }

    private ClientStats readTotals() throws IOException {
        try {
            return ClientStats.parse(Files.readAllBytes(totals));
        } catch (NoSuchFileException e) {
            return new ClientStats();
        }
    }

    /**
     * Adds the complete lines of {@code file} past the offset the totals hold for it, and moves
     * the offset; a line still being written (no newline yet) waits for the next fold. Returns
     * the file's identity, or null if there is no such file.
     */
    private static String foldLog(ClientStats stats, Path file, Set<String> live) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
        // The inode, as "(dev=...,ino=...)": a rename keeps it, a new log file gets another.
        Object identity = attributes.fileKey();
        String key = identity != null
                ? identity.toString().replace(' ', '_')
                : file.getFileName().toString();
        live.add(key);
        long offset = stats.logOffset(key);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset > size) {
                offset = 0; // not the file we knew under that identity
            }
            if (size - offset > Integer.MAX_VALUE - 16) {
                throw new IOException(file + " is too large to fold");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - offset));
            long position = offset;
            while (buffer.hasRemaining()) {
                int n = ch.read(buffer, position);
                if (n < 0) {
                    break;
                }
                position += n;
            }
            byte[] bytes = buffer.array();
            int start = 0;
            for (int i = 0; i < buffer.position(); i++) {
                if (bytes[i] == '\n') {
                    CompileRecord.Parsed parsed =
                            CompileRecord.parse(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    if (parsed != null) {
                        stats.add(parsed.record(), parsed.finishedMillis());
                    }
                    start = i + 1;
                }
            }
            stats.logOffset(key, offset + start);
        }
        return key;
    }

    private boolean quietAndFolded(ClientStats stats, String key, long nowMillis) throws IOException {
        try {
            var a = Files.readAttributes(oldLog, BasicFileAttributes.class);
            return stats.logOffset(key) == a.size()
                    && nowMillis - a.lastModifiedTime().toMillis() > quietMillis;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Readers need no lock for the totals: they appear whole, by rename. */
    private void writeTotals(byte[] bytes) throws IOException {
        Path temp = totals.resolveSibling("." + totals.getFileName() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, totals, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long size(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
