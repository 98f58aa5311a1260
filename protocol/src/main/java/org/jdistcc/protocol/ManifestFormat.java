package org.jdistcc.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The bytes of a {@link Manifest} inside its {@code MANI} payload (compressed as the dialect's other
 * payloads), big-endian:
 *
 * <pre>
 *   u8 version (1)   u8 flags (bit 0: answer)   u32 count
 *   count x ( u8 kind, u16 name length, name,
 *             'F': s64 mtime seconds, s64 size, 32 bytes SHA-256
 *             'D': nothing
 *             'L': u16 target length, target )
 * </pre>
 *
 * One payload rather than an element per entry: the names repeat their directories, which the
 * payload's compression removes, so a compile's few hundred entries cost a few kilobytes.
 */
final class ManifestFormat {
    static final int VERSION = 1;
    private static final HexFormat HEX = HexFormat.of();

    private ManifestFormat() {}

    static byte[] encode(Manifest manifest) {
        var bytes = new ByteArrayOutputStream(64 + manifest.entries().size() * 80);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(manifest.answer() ? 1 : 0);
            out.writeInt(manifest.entries().size());
            for (Manifest.Entry entry : manifest.entries()) {
                switch (entry) {
                    case Manifest.File f -> {
                        writeName(out, 'F', f.name());
                        out.writeLong(f.mtime());
                        out.writeLong(f.size());
                        out.write(HEX.parseHex(f.sha256()));
                    }
                    case Manifest.Directory d -> writeName(out, 'D', d.name());
                    case Manifest.Link l -> {
                        writeName(out, 'L', l.name());
                        writeString(out, l.target());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    static Manifest decode(byte[] bytes, Limits limits) throws ProtocolException {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw malformed("manifest version " + version);
            }
            int flags = in.get() & 0xff;
            if ((flags & ~1) != 0) {
                throw malformed("unknown manifest flags " + flags);
            }
            long count = Integer.toUnsignedLong(in.getInt());
            if (count > limits.maxFiles()) {
                throw new ProtocolException(ProtocolException.Kind.TOO_LARGE, "manifest of " + count + " entries");
            }
            List<Manifest.Entry> entries = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) {
                entries.add(entry(in, limits));
            }
            if (in.hasRemaining()) {
                throw malformed(in.remaining() + " bytes after the manifest's last entry");
            }
            return new Manifest((flags & 1) != 0, entries);
        } catch (BufferUnderflowException e) {
            throw malformed("manifest ends inside an entry");
        }
    }

    private static Manifest.Entry entry(ByteBuffer in, Limits limits) throws ProtocolException {
        char kind = (char) (in.get() & 0xff);
        String name = readString(in, limits);
        if (!name.startsWith("/")) {
            throw malformed("manifest name '" + name + "' is not absolute");
        }
        try {
            return switch (kind) {
                case 'F' -> {
                    long mtime = in.getLong();
                    long size = in.getLong();
                    byte[] digest = new byte[32];
                    in.get(digest);
                    yield new Manifest.File(name, mtime, size, HEX.formatHex(digest));
                }
                case 'D' -> new Manifest.Directory(name);
                case 'L' -> {
                    String target = readString(in, limits);
                    if (target.isEmpty()) {
                        throw malformed("link '" + name + "' has no target");
                    }
                    yield new Manifest.Link(name, target);
                }
                default -> throw malformed("unknown manifest entry kind " + (int) kind);
            };
        } catch (IllegalArgumentException e) {
            throw malformed("manifest entry '" + name + "': " + e.getMessage());
        }
    }

    private static void writeName(DataOutputStream out, char kind, String name) throws IOException {
        out.writeByte(kind);
        writeString(out, name);
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xffff) {
            throw new IllegalArgumentException("name longer than 65535 bytes: " + text.substring(0, 80) + "...");
        }
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static String readString(ByteBuffer in, Limits limits) throws ProtocolException {
        int length = in.getShort() & 0xffff;
        if (length > limits.maxNameLength()) {
            throw new ProtocolException(ProtocolException.Kind.TOO_LARGE, "manifest name of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        for (byte b : bytes) {
            if (b == 0) {
                throw malformed("manifest name contains a NUL byte");
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ProtocolException.Kind.MALFORMED, message);
    }
}
