package org.jdistcc.client.stats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * {@code $DISTCC_DIR/stats}, shared by every client of the user: each update is a read-modify-write
 * under an exclusive POSIX lock on the file itself ({@code fcntl(F_SETLKW)}, the lock kind the slot
 * files use), so hundreds of concurrent clients lose no update. The file is rewritten in place and
 * stays small (a few hundred bytes plus a line per volunteer), so the lock is held for
 * microseconds.
 *
 * <p>POSIX locks belong to the process, not the thread: two threads of one JVM would both "hold"
 * it, and the JDK refuses the second with {@code OverlappingFileLockException}. A JVM-wide lock
 * queues our own threads first.
 */
public final class StatsFile {
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private static final int MAX_SIZE = 1 << 20;

    private final Path file;

    public StatsFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** Adds one finished compile. */
    public void record(CompileRecord record, long nowMillis) throws IOException {
        update(stats -> {
            stats.add(record, nowMillis);
            return stats;
        });
    }

    /** Resets every total, remembering when ({@code --zero-stats}). */
    public void zero(long nowMillis) throws IOException {
        update(stats -> {
            var empty = new ClientStats();
            empty.zeroedAt(nowMillis / 1000);
            return empty;
        });
    }

    /** The totals now; empty if no compile was recorded yet. */
    public ClientStats read() throws IOException {
        IN_PROCESS.lock();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.lock(0, Long.MAX_VALUE, true);
            return ClientStats.parse(readAll(ch));
        } catch (NoSuchFileException e) {
            return new ClientStats();
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private void update(UnaryOperator<ClientStats> change) throws IOException {
        IN_PROCESS.lock();
        try {
            try (FileChannel ch = open()) {
                ch.lock(); // released by close
                byte[] bytes = change.apply(ClientStats.parse(readAll(ch))).format();
                // Write, then cut: a crash in between leaves the new text, its "end" line, and a
                // tail that readers ignore.
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                long position = 0;
                while (buffer.hasRemaining()) {
                    position += ch.write(buffer, position);
                }
                ch.truncate(bytes.length);
            }
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private FileChannel open() throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    private static byte[] readAll(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size > MAX_SIZE) {
            return new byte[0]; // not ours, or damaged beyond use: start again
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        long position = 0;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, position);
            if (n < 0) {
                break;
            }
            position += n;
        }
        return buffer.array();
    }
}
