package org.jdistcc.protocol;

import java.util.List;

/**
 * The server's answer: {@code DONE}, {@code STAT}, {@code SERR}, {@code SOUT}, then on success
 * {@code DOTO}, for pump mode {@code DOTD}, and for jdistcc's side-file dialect the extra files.
 *
 * @param waitStatus the raw wait status: exit code &lt;&lt; 8, or the signal in the low 7 bits
 * @param object the object file; read by clients only when {@code waitStatus == 0}
 * @param deps pump mode's dependency file, or null
 * @param flags how the reply was made ({@code XRES}, with {@link ProtocolVersion#FEATURE_IDENTITY}
 *     only): {@link #CACHED}, {@link #SHARED}, {@link #MISSED}, {@link #OTHER_COMPILER}; 0 otherwise
 */
public record Reply(
        ProtocolVersion version,
        int waitStatus,
        Payload stderr,
        Payload stdout,
        Payload object,
        Payload deps,
        List<SideFile> sideFiles,
        int flags)
        implements Message {
    /** Flag: the result came from the volunteer's result cache, not from a compile. */
    public static final int CACHED = 0x1;
    /** Flag, with {@link #CACHED}: from the cache the farm shares (another volunteer may have compiled it). */
    public static final int SHARED = 0x2;
    /** Flag: the volunteer looked in its result cache and did not find it; compiled. */
    public static final int MISSED = 0x4;
    /** Flag: refused, because the volunteer's compiler of that name is not the client's. */
    public static final int OTHER_COMPILER = 0x8;

    static final int KNOWN_FLAGS = CACHED | SHARED | MISSED | OTHER_COMPILER;

    public Reply {
        sideFiles = List.copyOf(sideFiles);
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown reply flags " + Integer.toHexString(flags));
        }
    }

    public Reply(
            ProtocolVersion version,
            int waitStatus,
            Payload stderr,
            Payload stdout,
            Payload object,
            Payload deps,
            List<SideFile> sideFiles) {
        this(version, waitStatus, stderr, stdout, object, deps, sideFiles, 0);
    }

    /** This reply with {@code more} flags set. */
    public Reply withFlags(int more) {
        return new Reply(version, waitStatus, stderr, stdout, object, deps, sideFiles, flags | more);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean succeeded() {
        return waitStatus == 0;
    }

    /** The status as a shell shows it: the exit code, or 128 + signal. */
    public int exitStatus() {
        int signal = waitStatus & 0x7f;
        return signal != 0 ? 128 + signal : (waitStatus >>> 8) & 0xff;
    }

    public static int waitStatusOfExit(int exitCode) {
        return (exitCode & 0xff) << 8;
    }
}
