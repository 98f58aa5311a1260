package org.jdistcc.client.monitor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * jdistcc's state file, {@code $DISTCC_DIR/state/jdistcc_<pid>}: a big-endian record, so a monitor
 * reads it whatever machine wrote it (distcc 3.4 dumps a C struct in native byte order and word
 * sizes), rewritten in place at each phase (see {@link StateWriter}) and therefore closed by a
 * checksum that tells a reader it caught the file mid-update.
 *
 * <pre>
 * offset size
 *  0      4   magic "JDST" (4a 44 53 54)
 *  4      1   format version, 1
 *  5      1   phase, distcc's number 0..7
 *  6      2   L = length of this record in bytes, checksum included (unsigned)
 *  8      8   pid (signed)
 * 16      8   client start, epoch milliseconds
 * 24      8   phase start, epoch milliseconds
 * 32      4   slot (signed, -1 = none)
 * 36      2   F = length of the source name in bytes (unsigned)
 * 38      F   source name, UTF-8
 * 38+F    2   H = length of the host in bytes (unsigned)
 * 40+F    H   host, UTF-8
 * 40+F+H  8   input size in bytes (signed, -1 = not known yet); older writers leave it out: -1
 * L-4     4   checksum: 32-bit FNV-1a of bytes 0 .. L-5
 * </pre>
 *
 * Bytes after L are left over from a longer earlier record and are ignored. Fields added later go
 * before the checksum, within L: older readers skip them. A different version number means an
 * incompatible layout, and the file is skipped. The coding is by hand, byte by byte: the client
 * runs it a few times per compile in a JVM that has not compiled any of it yet, where ByteBuffer's
 * layers and CRC32's library loading cost more than the write itself.
 */
final class StateFileFormat {
    static final byte[] MAGIC = {'J', 'D', 'S', 'T'};
    static final int VERSION = 1;
    /** The shortest record: empty names, no input size (as the first writers wrote it). */
    static final int MIN_SIZE = 38 + 2 + 4;
    /** Names longer than this are cut (from the left: the file name matters more than its directory). */
    static final int MAX_TEXT_BYTES = 1024;

    private StateFileFormat() {}

    public static byte[] encode(JobState state) {
        byte[] file = text(state.file());
        byte[] host = text(state.host());
        int length = MIN_SIZE + file.length + host.length + 8;
        byte[] b = new byte[length];
        System.arraycopy(MAGIC, 0, b, 0, 4);
        b[4] = VERSION;
        b[5] = (byte) state.phase().number();
        putShort(b, 6, length);
        putLong(b, 8, state.pid());
        putLong(b, 16, state.startedMillis());
        putLong(b, 24, state.phaseSinceMillis());
        putInt(b, 32, state.slot());
        putShort(b, 36, file.length);
        System.arraycopy(file, 0, b, 38, file.length);
        int at = 38 + file.length;
        putShort(b, at, host.length);
        System.arraycopy(host, 0, b, at + 2, host.length);
        putLong(b, at + 2 + host.length, state.size());
        putInt(b, length - 4, checksum(b, length - 4));
        return b;
    }

    /**
     * The state, or null if these bytes are not a whole version-1 record: another format, or a
     * file caught while being rewritten (its checksum does not match).
     */
    public static JobState decode(byte[] b) {
        if (b.length < MIN_SIZE || !Arrays.equals(b, 0, 4, MAGIC, 0, 4) || b[4] != VERSION) {
            return null;
        }
        int length = getShort(b, 6);
        if (length < MIN_SIZE || length > b.length || getInt(b, length - 4) != checksum(b, length - 4)) {
            return null;
        }
        int fileLength = getShort(b, 36);
        int hostAt = 38 + fileLength;
        if (hostAt + 2 > length - 4) {
            return null;
        }
        int hostLength = getShort(b, hostAt);
        int sizeAt = hostAt + 2 + hostLength;
        if (sizeAt > length - 4) {
            return null;
        }
        // Fields a later version adds after the size are skipped: they are inside L.
        long size = sizeAt + 8 <= length - 4 ? getLong(b, sizeAt) : -1;
        return new JobState(
                getLong(b, 8),
                Phase.of(b[5] & 0xff),
                new String(b, 38, fileLength, StandardCharsets.UTF_8),
                new String(b, hostAt + 2, hostLength, StandardCharsets.UTF_8),
                getInt(b, 32),
                getLong(b, 16),
                getLong(b, 24),
                size < 0 ? -1 : size);
    }

    /** 32-bit FNV-1a: simple enough to write in any monitor, good enough to catch a torn read. */
    static int checksum(byte[] b, int length) {
        int h = 0x811c9dc5;
        for (int i = 0; i < length; i++) {
            h ^= b[i] & 0xff;
            h *= 0x01000193;
        }
        return h;
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    private static int getShort(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xffffffffL);
    }

    private static byte[] text(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_TEXT_BYTES) {
            return bytes;
        }
        int start = bytes.length - MAX_TEXT_BYTES;
        while (start < bytes.length && (bytes[start] & 0xc0) == 0x80) {
            start++; // do not begin inside a UTF-8 sequence
        }
        return Arrays.copyOfRange(bytes, start, bytes.length);
    }
}
