package org.jdistcc.client.monitor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * distcc 3.4's {@code binstate_<pid>}: {@code struct dcc_task_state} dumped as it is in memory
 * (PROTOCOL.md section 10). We write and read only the LP64 little-endian layout (x86-64,
 * aarch64), 296 bytes, which is what Debian's distccmon-text on those machines accepts; on other
 * machines we do not write it at all.
 *
 * <pre>
 *  @0 size_t struct_size = 296   @8 unsigned long magic 0x44494800   @16 unsigned long cpid
 *  @24 char file[128] (basename)  @152 char host[128]   @280 int slot   @284 int curr_phase
 *  @288 struct dcc_task_state *next (a pointer: written as 0)
 * </pre>
 */
final class LegacyStateFormat {
    static final int SIZE = 296;
    static final long MAGIC = 0x44494800L;
    private static final int NAME_BYTES = 128;

    private LegacyStateFormat() {}

    /** Whether this JVM runs on a machine whose distcc uses the layout above. */
    public static boolean matchesThisMachine() {
        String arch = System.getProperty("os.arch", "");
        return (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))
                && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }

    /** Byte by byte, for the reason given in {@link StateFileFormat}. */
    public static byte[] encode(JobState state) {
        byte[] b = new byte[SIZE];
        putLong(b, 0, SIZE);
        putLong(b, 8, MAGIC);
        putLong(b, 16, state.pid());
        putName(b, 24, basename(state.file()));
        putName(b, 152, state.host());
        putInt(b, 280, state.slot() < 0 ? 0 : state.slot());
        putInt(b, 284, state.phase().number());
        return b;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) v);
        putInt(b, at + 4, (int) (v >>> 32));
    }

    /**
     * The state in a distcc 3.4 file, or null if it is not one (distccmon checks the size and the
     * magic number the same way). The file does not say when the client started: {@code
     * modifiedMillis}, the file's last change, stands for both times.
     */
    public static JobState decode(byte[] bytes, long modifiedMillis) {
        if (bytes.length != SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(0) != SIZE || b.getLong(8) != MAGIC) {
            return null;
        }
        return new JobState(
                b.getLong(16),
                Phase.of(b.getInt(284)),
                name(bytes, 24),
                name(bytes, 152),
                b.getInt(280),
                modifiedMillis,
                modifiedMillis);
    }

    private static void putName(byte[] b, int offset, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, NAME_BYTES - 1); // keep the terminating NUL
        System.arraycopy(bytes, 0, b, offset, n);
    }

    private static String name(byte[] bytes, int offset) {
        int end = offset;
        while (end < offset + NAME_BYTES - 1 && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
