package org.jdistcc.common.toolchain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import org.jdistcc.common.digest.Sha256;

/**
 * What stands for a program's contents in a compiler's identity: its ELF build ID when it has one,
 * else the SHA-256 of the whole file.
 *
 * <p>The linker computes a build ID from everything it wrote, so two programs with the same one are
 * the same build; Debian's, Fedora's and most toolchains' binaries carry one. Reading it costs a
 * few small reads. Hashing gcc 12's {@code cc1}, {@code cc1plus} and {@code as} instead reads 70 MB:
 * about a second in a JVM that runs C1 only (no SHA intrinsics), the whole of a new client agent's
 * first compile. A program without a build ID (a script, a binary linked with {@code
 * --build-id=none}) is hashed.
 */
final class ProgramDigest {
    private static final int PT_NOTE = 4;
    private static final int NT_GNU_BUILD_ID = 3;
    private static final int MAX_PROGRAM_HEADERS = 256;
    private static final int MAX_NOTES_SIZE = 64 * 1024;
    private static final int MAX_BUILD_ID = 64;

    private ProgramDigest() {}

    /** {@code build-id:HEX}, or the file's SHA-256 in hex. */
    static String of(Path program) throws IOException {
        byte[] id = buildId(program);
        return id != null ? "build-id:" + HexFormat.of().formatHex(id) : Sha256.hex(program);
    }

    /** The build ID in a {@code PT_NOTE} segment of an ELF file, or null. */
    static byte[] buildId(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = read(channel, 0, 64);
            if (header == null
                    || header.getInt(0) != 0x7f454c46 // \177ELF, read big-endian
                    || (header.get(5) != 1 && header.get(5) != 2)) {
                return null;
            }
            boolean wide = header.get(4) == 2;
            header.order(header.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            long tableOffset = wide ? header.getLong(0x20) : Integer.toUnsignedLong(header.getInt(0x1c));
            int entrySize = Short.toUnsignedInt(header.getShort(wide ? 0x36 : 0x2a));
            int entries = Short.toUnsignedInt(header.getShort(wide ? 0x38 : 0x2c));
            if (entries > MAX_PROGRAM_HEADERS || entrySize < (wide ? 56 : 32)) {
                return null;
            }
            for (int i = 0; i < entries; i++) {
                ByteBuffer entry = read(channel, tableOffset + (long) i * entrySize, entrySize);
                if (entry == null) {
                    return null;
                }
                entry.order(header.order());
                if (entry.getInt(0) != PT_NOTE) {
                    continue;
                }
                long offset = wide ? entry.getLong(8) : Integer.toUnsignedLong(entry.getInt(4));
                long size = wide ? entry.getLong(32) : Integer.toUnsignedLong(entry.getInt(16));
                if (size > 0 && size <= MAX_NOTES_SIZE) {
                    ByteBuffer notes = read(channel, offset, (int) size);
                    byte[] id = notes == null ? null : findBuildId(notes.order(header.order()));
                    if (id != null) {
                        return id;
                    }
                }
            }
            return null;
        }
    }

    /** Walks the notes (name size, descriptor size, type, name and descriptor padded to 4). */
    private static byte[] findBuildId(ByteBuffer notes) {
        int at = 0;
        while (at + 12 <= notes.limit()) {
            int nameSize = notes.getInt(at);
            int descSize = notes.getInt(at + 4);
            int type = notes.getInt(at + 8);
            if (nameSize < 0 || descSize < 0 || nameSize > notes.limit() || descSize > notes.limit()) {
                return null;
            }
            int desc = at + 12 + align4(nameSize);
            int next = desc + align4(descSize);
            if (next > notes.limit() || next <= at) {
                return null;
            }
            if (type == NT_GNU_BUILD_ID
                    && nameSize == 4
                    && notes.getInt(at + 12) == (notes.order() == ByteOrder.LITTLE_ENDIAN ? 0x00554e47 : 0x474e5500)
                    && descSize > 0
                    && descSize <= MAX_BUILD_ID) {
                byte[] id = new byte[descSize];
                notes.get(desc, id);
                return id;
            }
            at = next;
        }
        return null;
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    /** {@code length} bytes at {@code offset}, or null if the file ends first. */
    private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
        if (offset < 0 || length <= 0) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }
}
