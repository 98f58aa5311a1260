package org.jdistcc.daemon.cache;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One cache entry as bytes, the same on disk and in Redis:
 *
 * <pre>
 * "JDRC" 0x01   key (32 bytes)   wait status (u32)   section count (u32)
 * section: kind (u8)  name length (u16)  name (UTF-8)  length (u64)  bytes
 *          kinds: 1 stderr, 2 stdout, 3 object, 4 .d, 5 side file (name: suffix), 6 volunteer file
 *          (name: path, bytes: its SHA-256 in hex)
 * MAC: HMAC-SHA256 of everything before it (32 bytes)
 * </pre>
 *
 * The MAC's key is {@code --cache-secret-file}'s content when given (then only daemons that know it
 * can write an entry others accept), else a fixed string (then the MAC is a checksum: it finds torn
 * and damaged entries, not forged ones). An entry is read to its end and its MAC checked before any
 * of it is used, and it must name the key it was looked up by: a torn, damaged or misplaced entry
 * is never served ({@link Corrupt}).
 */
public final class EntryFormat {
    private static final byte[] MAGIC = {'J', 'D', 'R', 'C', 1};
    private static final byte[] UNKEYED = "jdistcc result cache, no secret".getBytes(StandardCharsets.UTF_8);
    private static final int STDERR = 1;
    private static final int STDOUT = 2;
    private static final int OBJECT = 3;
    private static final int DEPS = 4;
    private static final int SIDE = 5;
    private static final int VOLUNTEER_FILE = 6;
    private static final int MAX_SECTIONS = 1024;
    /** Bound on stderr, stdout, .d and names held in memory while reading. */
    private static final int MAX_IN_MEMORY = 32 << 20;

    private final byte[] secret;
    private final long maxEntry;

    /** An entry that must not be used: its MAC, form or key is wrong, or it ends early. */
    public static final class Corrupt extends IOException {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message);
        }
    }

    /**
     * @param secret the MAC key, or null for none
     * @param maxEntry the largest entry written or read
     */
    public EntryFormat(byte[] secret, long maxEntry) {
        this.secret = secret == null ? UNKEYED : secret.clone();
        this.maxEntry = maxEntry;
    }

    public long maxEntry() {
        return maxEntry;
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Writes {@code result} as the entry for {@code key}; returns the bytes written. */
    public long write(ResultKey key, CachedResult result, OutputStream sink) throws IOException {
        if (result.size() > maxEntry) {
            throw new IOException("a result of about " + result.size() + " bytes, " + maxEntry + " allowed");
        }
        Mac mac = mac();
        var counted = new MacStreams.Out(sink, mac);
        var out = new DataOutputStream(counted);
        out.write(MAGIC);
        out.write(key.digest());
        out.writeInt(result.waitStatus());
        int count = 2
                + (result.object() == null ? 0 : 1)
                + (result.deps() == null ? 0 : 1)
                + result.sides().size()
                + result.volunteerFiles().size();
        out.writeInt(count);
        bytes(out, STDERR, "", result.stderr());
        bytes(out, STDOUT, "", result.stdout());
        if (result.object() != null) {
            file(out, OBJECT, "", result.object());
        }
        if (result.deps() != null) {
            bytes(out, DEPS, "", result.deps());
        }
        for (CachedResult.Side side : result.sides()) {
            file(out, SIDE, side.suffix(), side.content());
        }
        for (CachedResult.VolunteerFile f : result.volunteerFiles()) {
            bytes(out, VOLUNTEER_FILE, f.path().toString(), f.digest().getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        sink.write(mac.doFinal());
        sink.flush();
        return counted.count() + 32;
    }

    private static void bytes(DataOutputStream out, int kind, String name, byte[] content) throws IOException {
        head(out, kind, name, content.length);
        out.write(content);
    }

    private static void file(DataOutputStream out, int kind, String name, Path file) throws IOException {
        long size = Files.size(file);
        head(out, kind, name, size);
        try (InputStream in = Files.newInputStream(file)) {
            if (in.transferTo(out) != size) {
                throw new IOException(file + " changed size while it was cached");
            }
        }
    }

    private static void head(DataOutputStream out, int kind, String name, long length) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        out.writeByte(kind);
        out.writeShort(n.length);
        out.write(n);
        out.writeLong(length);
    }

    /**
     * Reads the entry for {@code key} from {@code in}, putting the object and side files in {@code
     * into} (an empty directory of the job's).
     *
     * @throws Corrupt if the entry must not be used
     */
    public CachedResult read(ResultKey key, InputStream source, Path into) throws IOException {
        Mac mac = mac();
        var counted = new MacStreams.In(source, mac, maxEntry);
        var in = new DataInputStream(counted);
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!MessageDigest.isEqual(magic, MAGIC)) {
                throw new Corrupt("not a cache entry");
            }
            byte[] named = in.readNBytes(32);
            if (!MessageDigest.isEqual(named, key.digest())) {
                throw new Corrupt("the entry answers another key");
            }
            int status = in.readInt();
            int count = in.readInt();
            if (count < 0 || count > MAX_SECTIONS) {
                throw new Corrupt("bad section count " + count);
            }
            byte[] stderr = new byte[0];
            byte[] stdout = new byte[0];
            byte[] deps = null;
            Path object = null;
            List<CachedResult.Side> sides = new ArrayList<>();
            List<CachedResult.VolunteerFile> files = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int kind = in.readUnsignedByte();
                int nameLength = in.readUnsignedShort();
                String name = new String(in.readNBytes(nameLength), StandardCharsets.UTF_8);
                long length = in.readLong();
                if (length < 0 || length > maxEntry) {
                    throw new Corrupt("bad section length " + length);
                }
                switch (kind) {
                    case STDERR -> stderr = memory(in, length);
                    case STDOUT -> stdout = memory(in, length);
                    case DEPS -> deps = memory(in, length);
                    case OBJECT -> object = copy(in, length, into.resolve("object"));
                    case SIDE -> {
                        if (name.isEmpty() || name.contains("/")) {
                            throw new Corrupt("bad side file suffix '" + name + "'");
                        }
                        sides.add(new CachedResult.Side(name, copy(in, length, into.resolve("side-" + i))));
                    }
                    case VOLUNTEER_FILE ->
                        files.add(new CachedResult.VolunteerFile(
                                Path.of(name), new String(memory(in, length), StandardCharsets.US_ASCII)));
                    default -> throw new Corrupt("unknown section kind " + kind);
                }
            }
            byte[] expected = mac.doFinal();
            byte[] stored = source.readNBytes(32);
            if (!MessageDigest.isEqual(expected, stored)) {
                throw new Corrupt(stored.length < 32 ? "the entry ends early" : "the entry's MAC does not match");
            }
            if (status != 0 && object != null) {
                throw new Corrupt("a failed compile with an object");
            }
            return new CachedResult(status, stderr, stdout, object, deps, sides, files);
        } catch (EOFException e) {
            throw new Corrupt("the entry ends early");
        }
    }

    private static byte[] memory(DataInputStream in, long length) throws IOException {
        if (length > MAX_IN_MEMORY) {
            throw new Corrupt("section of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
            throw new EOFException();
        }
        return bytes;
    }

    private static Path copy(DataInputStream in, long length, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[(int) Math.min(1 << 16, Math.max(1, length))];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException();
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        return target;
    }

    /** The SHA-256 of a file in hex, as {@link CachedResult.VolunteerFile} keeps it. */
    public static String digest(Path file) throws IOException {
        return ResultKey.fileDigest(file);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
