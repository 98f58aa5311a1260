package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.jdistcc.client.hosts.HostSpec;

/**
 * How many of a host's slot lock files ({@code lock/cpu_HOST_N}, distcc 3.4's) some process holds
 * now, read from Linux's {@code /proc/locks} by inode: looking must not take a slot, as a
 * {@code tryLock} would for a moment, from a compile waiting for one. Zero where there is no such
 * file (another system), which is only what {@code --show-hosts -v} prints.
 */
public final class BusySlots {
    static final Path PROC_LOCKS = Path.of("/proc/locks");
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private final Path lockDir;
    private final Set<Long> lockedInodes;

    private BusySlots(Path lockDir, Set<Long> lockedInodes) {
        this.lockDir = lockDir;
        this.lockedInodes = lockedInodes;
    }

    /** A snapshot of the locks held now. */
    public static BusySlots now(Path lockDir) {
        Set<Long> inodes = new HashSet<>();
        try (InputStream in = Files.newInputStream(PROC_LOCKS)) {
            String text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII);
            for (String line : text.split("\n")) {
                // "1: POSIX  ADVISORY  WRITE 21434 fe:00:2155880 0 EOF"; "->" marks a blocked waiter
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[1].equals("POSIX") && !line.contains("->")) {
                    String id = f[5];
                    inodes.add(Long.parseLong(id.substring(id.lastIndexOf(':') + 1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: nothing shows as busy
        }
        return new BusySlots(lockDir, inodes);
    }

    /** How many of {@code host}'s slots are held. */
    public int count(HostSpec host) {
        int busy = 0;
        for (int i = 0; i < host.limit() && i < 1024; i++) {
            Path file = lockDir.resolve("cpu_" + host.lockName() + "_" + i);
            try {
                Object inode = Files.getAttribute(file, "unix:ino");
                if (inode instanceof Long n && lockedInodes.contains(n)) {
                    busy++;
                }
            } catch (IOException | UnsupportedOperationException e) {
                // never used: free
            }
        }
        return busy;
    }
}
