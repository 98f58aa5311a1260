package org.jdistcc.client.includes;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code lstat(2)}: what the caches compare to know that a file or directory is the one they
 * saw. The change time is part of it because nothing but the kernel sets it: a file rewritten with
 * its old modification time restored ({@code touch -r}, {@code rsync -t}) still shows as changed.
 */
record FileStat(Type type, long device, long inode, long size, long modifiedNanos, long changedNanos) {
    enum Type {
        FILE,
        DIRECTORY,
        LINK,
        OTHER,
        MISSING,
        /** Exists, but cannot be looked at (no search permission on a directory above it). */
        UNREADABLE
    }

    private static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime,mode";
    private static final int TYPE_MASK = 0170000;
    private static final FileStat MISSING = new FileStat(Type.MISSING, 0, 0, 0, 0, 0);
    private static final FileStat UNREADABLE = new FileStat(Type.UNREADABLE, 0, 0, 0, 0, 0);

    /** Does not follow a link at the end of {@code path}. */
    static FileStat of(String path) {
        NativeStat fast = NativeStat.INSTANCE;
        if (fast != null) {
            FileStat stat = fast.stat(path);
            if (stat != null) {
                return stat;
            }
        }
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(Path.of(path), ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return MISSING;
        } catch (AccessDeniedException e) {
            return UNREADABLE;
        } catch (FileSystemException e) {
            // ENOTDIR through a regular file in the middle, ENAMETOOLONG, ELOOP: cpp finds nothing there either.
            return e.getReason() != null && e.getReason().contains("Permission") ? UNREADABLE : MISSING;
        } catch (IOException | RuntimeException e) {
            return UNREADABLE;
        }
        return new FileStat(
                typeOf((Integer) attributes.get("mode")),
                (Long) attributes.get("dev"),
                (Long) attributes.get("ino"),
                (Long) attributes.get("size"),
                ((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                ((FileTime) attributes.get("ctime")).to(TimeUnit.NANOSECONDS));
    }

    static FileStat missing() {
        return MISSING;
    }

    static FileStat unreadable() {
        return UNREADABLE;
    }

    /** The type in a {@code st_mode}. */
    static Type typeOf(int mode) {
        return switch (mode & TYPE_MASK) {
            case 0100000 -> Type.FILE;
            case 0040000 -> Type.DIRECTORY;
            case 0120000 -> Type.LINK;
            default -> Type.OTHER;
        };
    }

    boolean exists() {
        return type != Type.MISSING && type != Type.UNREADABLE;
    }

    /** Same file, same content as far as the kernel can tell. */
    boolean sameAs(FileStat other) {
        return type == other.type
                && device == other.device
                && inode == other.inode
                && size == other.size
                && modifiedNanos == other.modifiedNanos
                && changedNanos == other.changedNanos;
    }

    /** How long after its last change a file's stat is trusted where the kernel keeps fine times. */
    static final long FINE_WINDOW_NANOS = 100_000_000L;
    /** ... and where times are whole milliseconds or coarser (FAT, exFAT, some network filesystems). */
    static final long COARSE_WINDOW_NANOS = 2_000_000_000L;

    /**
     * Whether a change right after this stat could leave it looking the same ("racy git"). Linux
     * stamps a change with its coarse clock, which ticks every jiffy (10 ms at most): once that clock
     * has moved past the last change, the next change shows. A change time with nothing below the
     * millisecond comes from a filesystem that keeps coarser times, which gets two seconds. Trusting
     * a tree copied a moment ago after 100 ms instead of 2 s spares the analysis from hashing every
     * header again for each compile of the build's first seconds.
     */
    boolean isRecent(long nowNanos) {
        long window = changedNanos % 1_000_000L == 0 ? COARSE_WINDOW_NANOS : FINE_WINDOW_NANOS;
        return nowNanos - Math.max(modifiedNanos, changedNanos) < window;
    }

    FileTime modified() {
        return FileTime.from(modifiedNanos, TimeUnit.NANOSECONDS);
    }
}
