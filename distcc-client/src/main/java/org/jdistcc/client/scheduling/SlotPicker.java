package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.common.io.Directories;

/**
 * Chooses a host with a free slot, distcc 3.4's way ({@code src/where.c}): for slot 0, 1, 2, ...
 * try each host that has that slot, in list order; the first free lock wins, so {@code a/2 b/2}
 * fills a0 b0 a1 b1.
 *
 * <p>When every slot is busy distcc sleeps and polls. We watch the lock directory instead: a
 * client that releases a slot touches {@code lock/wakeup}, so a waiter runs the moment a slot
 * frees; the poll stays as a backstop for clients killed without releasing cleanly (the kernel
 * drops their locks, but nobody touches the file).
 */
public final class SlotPicker {
    static final String WAKE_FILE = "wakeup";

    /** Lock files some thread of this JVM has open; see {@link #tryLock}. */
    private static final java.util.Set<Path> HELD_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path lockDir;
    private final Duration backstop;

    public SlotPicker(Path lockDir, Duration backstop) {
        this.lockDir = lockDir;
        this.backstop = backstop;
    }

    /** Tries once; null when every slot of every eligible host is busy. */
    public Slot tryAcquire(List<HostSpec> hosts, Set<HostSpec> excluded) throws IOException {
        Directories.ensure(lockDir);
        int maxSlots = 0;
        for (HostSpec h : hosts) {
            maxSlots = Math.max(maxSlots, h.limit());
        }
        for (int slot = 0; slot < maxSlots; slot++) {
            for (HostSpec host : hosts) {
                if (slot >= host.limit() || excluded.contains(host)) {
                    continue;
                }
                Slot held = tryLock(host, slot);
                if (held != null) {
                    return held;
                }
            }
        }
        return null;
    }

    /** Waits until a slot is free; returns null only if {@code hosts} minus {@code excluded} is empty. */
    public Slot acquire(List<HostSpec> hosts, Set<HostSpec> excluded) throws IOException {
        if (hosts.stream().allMatch(excluded::contains)) {
            return null;
        }
        Slot slot = tryAcquire(hosts, excluded);
        if (slot != null) {
            return slot;
        }
        Path wake = lockDir.resolve(WAKE_FILE);
        if (!Files.exists(wake)) {
            try {
                Files.createFile(wake);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another waiter made it
            }
        }
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            lockDir.register(
                    watcher,
                    java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY,
                    java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            while (true) {
                // Check after registering, so a release between the first try and now is not missed.
                slot = tryAcquire(hosts, excluded);
                if (slot != null) {
                    return slot;
                }
                var key = watcher.poll(backstop.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a slot", e);
        }
    }

    private Slot tryLock(HostSpec host, int index) throws IOException {
        Path file = lockDir.resolve("cpu_" + host.lockName() + "_" + index).toAbsolutePath();
        // POSIX drops every lock this process holds on a file when ANY descriptor of it closes,
        // so a file another thread of ours (the client agent) holds must not even be opened.
        if (!HELD_HERE.add(file)) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Slot(host, index, channel, lock, lockDir.resolve(WAKE_FILE), () -> HELD_HERE.remove(file));
            }
        } catch (OverlappingFileLockException e) {
            // Held by this very process through another channel: busy.
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(file);
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
        // Nobody in this process holds the file, so closing our descriptor drops no lock of ours.
        channel.close();
        HELD_HERE.remove(file);
        return null;
    }
}
