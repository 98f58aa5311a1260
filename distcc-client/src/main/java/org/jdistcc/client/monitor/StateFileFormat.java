package org.jdistcc.client.monitor;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * jdistcc's state file, {@code $DISTCC_DIR/state/jdistcc_<pid>}: a fixed big-endian layout, so a
 * monitor reads it whatever machine wrote it (distcc 3.4 dumps a C struct in native byte order
 * and word sizes, see docs/monitoring.md).
 *
 * <pre>
 * offset size
 *  0      4   magic "JDST" (4a 44 53 54)
 *  4      1   format version, 1
 *  5      1   phase, distcc's number 0..7
 *  6      2   reserved, 0
 *  8      8   pid (signed)
 * 16      8   client start, epoch milliseconds
 * 24      8   phase start, epoch milliseconds
 * 32      4   slot (signed, -1 = none)
 * 36      2   F = length of the source name in bytes (unsigned)
 * 38      F   source name, UTF-8
 * 38+F    2   H = length of the host in bytes (unsigned)
 * 40+F    H   host, UTF-8
 * </pre>
 *
 * Readers ignore bytes after the host, so fields can be appended without a version change; a
 * different version number means an incompatible layout and the file is skipped.
 */
public final class StateFileFormat {
    static final byte[] MAGIC = {'J', 'D', 'S', 'T'};
    static final int VERSION = 1;
    static final int FIXED_SIZE = 38;
    /** Names longer than this are cut (from the left: the file name matters more than its directory). */
    static final int MAX_TEXT_BYTES = 1024;

    private StateFileFormat() {}

    public static byte[] encode(JobState state) {
        byte[] file = text(state.file());
        byte[] host = text(state.host());
        ByteBuffer b = ByteBuffer.allocate(FIXED_SIZE + file.length + 2 + host.length); // big-endian
        b.put(MAGIC)
                .put((byte) VERSION)
                .put((byte) state.phase().number())
                .putShort((short) 0)
                .putLong(state.pid())
                .putLong(state.startedMillis())
                .putLong(state.phaseSinceMillis())
                .putInt(state.slot())
                .putShort((short) file.length)
                .put(file)
                .putShort((short) host.length)
                .put(host);
        return b.array();
    }

    /** The state, or null if these bytes are not a version-1 jdistcc state file. */
    public static JobState decode(byte[] bytes) {
        if (bytes.length < FIXED_SIZE + 2 || !Arrays.equals(bytes, 0, 4, MAGIC, 0, 4) || bytes[4] != VERSION) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
            b.position(5);
            int phase = b.get() & 0xff;
            b.getShort();
            long pid = b.getLong();
            long started = b.getLong();
            long since = b.getLong();
            int slot = b.getInt();
            String file = string(b);
            String host = string(b);
            return new JobState(pid, Phase.of(phase), file, host, slot, started, since);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String string(ByteBuffer b) {
        int length = b.getShort() & 0xffff;
        byte[] text = new byte[length];
        b.get(text);
        return new String(text, StandardCharsets.UTF_8);
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
