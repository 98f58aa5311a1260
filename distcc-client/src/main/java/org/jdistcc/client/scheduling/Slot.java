package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.jdistcc.client.hosts.HostSpec;

/**
 * A held job slot on a host: a POSIX record lock on {@code $DISTCC_DIR/lock/cpu_<host>_<n>}, the
 * same file and lock kind distcc 3.4 uses, so our clients and Debian's share one limit.
 */
public final class Slot implements AutoCloseable {
    private final HostSpec host;
    private final int index;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path wakeFile;
    private final Runnable onRelease;
    private volatile InFlight.Ticket ticket;

    Slot(HostSpec host, int index, FileChannel channel, FileLock lock, Path wakeFile, Runnable onRelease) {
        this.onRelease = onRelease;
        this.host = host;
        this.index = index;
        this.channel = channel;
        this.lock = lock;
        this.wakeFile = wakeFile;
    }

    public HostSpec host() {
        return host;
    }

    public int index() {
        return index;
    }

    /** Counts the compile in this slot as running in this JVM until the slot is released. */
    public void track(InFlight.Ticket running) {
        this.ticket = running;
    }

    /** The compile tracked in this slot, or null. */
    public InFlight.Ticket ticket() {
        return ticket;
    }

    /** Releases the lock and wakes clients waiting for a slot (distcc sleeps instead). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The kernel drops the lock when the descriptor closes or we exit.
        } finally {
            onRelease.run();
            InFlight.Ticket running = ticket;
            if (running != null) {
                running.close();
            }
        }
        if (!Files.exists(wakeFile)) {
            return; // nobody waits (a waiter makes the file first)
        }
        try {
            Files.setLastModifiedTime(wakeFile, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // Waiters still have their backstop timer.
        }
    }
}
