package org.jdistcc.client.includes;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code statx(2)} through glibc and the foreign-function API: a warm analysis makes one stat per
 * file and directory it touches, and {@link java.nio.file.Files#readAttributes} costs several
 * microseconds each (a map of attributes, exceptions for missing files) where the system call costs
 * about one. {@code struct statx} has one layout on every Linux architecture, unlike {@code struct
 * stat}. Used only when the JVM allows this module native access ({@code
 * --enable-native-access=ALL-UNNAMED}), so it never prints the JDK's "restricted method" warning;
 * {@link FileStat} falls back to {@code java.nio} otherwise.
 */
// Native calls are the point here: statx, used only where native access is enabled (see load()).
@SuppressWarnings("restricted")
final class NativeStat {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_NO_AUTOMOUNT = 0x800;
    // STATX_TYPE | STATX_MODE | STATX_MTIME | STATX_CTIME | STATX_INO | STATX_SIZE
    private static final int MASK = 0x1 | 0x2 | 0x40 | 0x80 | 0x100 | 0x200;
    private static final int ENOENT = 2;
    private static final int ENOTDIR = 20;
    private static final int EACCES = 13;
    private static final int EPERM = 1;
    private static final int PATH_MAX = 4096;
    // Offsets in struct statx (linux/stat.h).
    private static final long MODE = 28;
    private static final long INODE = 32;
    private static final long SIZE = 40;
    private static final long CTIME = 96;
    private static final long MTIME = 112;
    private static final long DEV_MAJOR = 136;
    private static final long DEV_MINOR = 140;
    private static final long STATX_SIZE = 256;

    static final NativeStat INSTANCE = load();

    private final MethodHandle statx;
    private final StructLayout callState;
    private final VarHandle errno;
    private final ThreadLocal<MemorySegment[]> buffers;

    private NativeStat(MethodHandle statx, StructLayout callState) {
        this.statx = statx;
        this.callState = callState;
        this.errno = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        this.buffers = ThreadLocal.withInitial(() -> {
            Arena arena = Arena.ofAuto();
            return new MemorySegment[] {
                arena.allocate(STATX_SIZE, 8), arena.allocate(PATH_MAX), arena.allocate(this.callState)
            };
        });
    }

    private static NativeStat load() {
        try {
            if (!NativeStat.class.getModule().isNativeAccessEnabled()
                    || !System.getProperty("os.name", "")
                            .toLowerCase(Locale.ROOT)
                            .contains("linux")
                    || !"UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""))) {
                return null;
            }
            Linker linker = Linker.nativeLinker();
            MemorySegment symbol = linker.defaultLookup().find("statx").orElse(null);
            if (symbol == null) {
                return null;
            }
            StructLayout state = Linker.Option.captureStateLayout();
            MethodHandle handle = linker.downcallHandle(
                    symbol,
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS),
                    Linker.Option.captureCallState("errno"));
            var stat = new NativeStat(handle, state);
            return stat.stat("/") != null ? stat : null;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The stat of {@code path} (not following a last link), or null to let {@code java.nio} answer. */
    FileStat stat(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= PATH_MAX) {
            return null;
        }
        MemorySegment[] b = buffers.get();
        MemorySegment buffer = b[0];
        MemorySegment cPath = b[1];
        MemorySegment state = b[2];
        MemorySegment.copy(name, 0, cPath, ValueLayout.JAVA_BYTE, 0, name.length);
        cPath.set(ValueLayout.JAVA_BYTE, name.length, (byte) 0);
        int result;
        try {
            result = (int)
                    statx.invokeExact(state, AT_FDCWD, cPath, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, MASK, buffer);
        } catch (Throwable e) {
            return null;
        }
        if (result != 0) {
            int error = (int) errno.get(state, 0L);
            if (error == ENOENT || error == ENOTDIR) {
                return FileStat.missing();
            }
            return error == EACCES || error == EPERM ? FileStat.unreadable() : null;
        }
        int mode = Short.toUnsignedInt(buffer.get(ValueLayout.JAVA_SHORT, MODE));
        long device = ((long) buffer.get(ValueLayout.JAVA_INT, DEV_MAJOR) << 32)
                | Integer.toUnsignedLong(buffer.get(ValueLayout.JAVA_INT, DEV_MINOR));
        return new FileStat(
                FileStat.typeOf(mode),
                device,
                buffer.get(ValueLayout.JAVA_LONG, INODE),
                buffer.get(ValueLayout.JAVA_LONG, SIZE),
                nanos(buffer, MTIME),
                nanos(buffer, CTIME));
    }

    /** A {@code struct statx_timestamp}: seconds (s64), then nanoseconds (u32). */
    private static long nanos(MemorySegment buffer, long offset) {
        return buffer.get(ValueLayout.JAVA_LONG, offset) * 1_000_000_000L
                + Integer.toUnsignedLong(buffer.get(ValueLayout.JAVA_INT, offset + 8));
    }
}
