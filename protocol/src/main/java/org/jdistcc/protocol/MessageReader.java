package org.jdistcc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads distcc wire elements from a stream, within {@link Limits}. Every malformed input is a
 * {@link ProtocolException}; time bounds are the caller's (socket timeouts).
 */
public final class MessageReader {
    /** The most one chunk of a chunked source may take on the wire (compressed, when it is). */
    public static final int MAX_CHUNK = 1 << 20;

    private final InputStream in;
    private final Limits limits;

    public MessageReader(InputStream in, Limits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** A request head. Throws {@code BAD_VERSION} for a DIST number we do not speak. */
    public Request readRequest() throws IOException {
        int dist = readNumber(Token.DIST);
        ProtocolVersion version = ProtocolVersion.ofRequest(dist);
        if (version == null) {
            throw new ProtocolException(
                    ProtocolException.Kind.BAD_VERSION, "unknown protocol version " + Integer.toHexString(dist));
        }
        if (version.isHello() || version.isWait()) {
            return new Request(version, null, List.of());
        }
        String cwd = version.sendsWorkingDirectory() ? readString(Token.CDIR, limits.maxNameLength()) : null;
        int argc = readNumber(Token.ARGC);
        if (argc < 1 || argc > limits.maxArgs()) {
            throw new ProtocolException(
                    ProtocolException.Kind.TOO_LARGE, "argument count " + ElementHeader.unsigned(argc));
        }
        List<String> argv = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            argv.add(readString(Token.ARGV, limits.maxArgLength()));
        }
        String identity = null;
        if (version.has(ProtocolVersion.FEATURE_IDENTITY)) {
            identity = readString(Token.CIDN, 64);
            if (identity.isEmpty()) {
                identity = null;
            } else if (!ElementHeader.isHexDigest(identity)) {
                throw new ProtocolException(ProtocolException.Kind.MALFORMED, "CIDN is not a SHA-256 digest");
            }
        }
        return new Request(version, cwd, argv, identity);
    }

    /** Reads a payload element into a file, decompressing it; returns the decompressed size. */
    public long readPayloadToFile(Token token, Compression compression, Path target) throws IOException {
        return readBodyToFile(token, readNumber(token), compression, target, limits.maxBodySize());
    }

    private long readBodyToFile(Token token, int wireLength, Compression compression, Path target, long maxSize)
            throws IOException {
        long length = ElementHeader.checkedLength(token, wireLength, limits);
        if (compression == Compression.NONE) {
            if (length > maxSize) {
                throw new ProtocolException(
                        ProtocolException.Kind.TOO_LARGE,
                        token + " body of " + length + " bytes, " + maxSize + " allowed");
            }
            try (OutputStream out = Files.newOutputStream(target)) {
                copyExactly(length, out);
            }
            return length;
        }
        byte[] content = Codec.decompress(compression, readExactly((int) length), maxSize);
        Files.write(target, content);
        return content.length;
    }

    /**
     * Reads a payload element into {@code out} as it arrives, decompressing it; returns the
     * decompressed size. An uncompressed body is copied in blocks, so what consumes {@code out} (a
     * compiler reading a pipe) works while the rest is still on the way; a compressed one is one
     * block and goes out once whole.
     */
    public long readPayloadToStream(Token token, Compression compression, OutputStream out) throws IOException {
        long length = ElementHeader.checkedLength(token, readNumber(token), limits);
        if (compression == Compression.NONE) {
            copyExactly(length, out);
            return length;
        }
        byte[] content = Codec.decompress(compression, readExactly((int) length), limits.maxBodySize());
        out.write(content);
        return content.length;
    }

    /**
     * Reads a source sent in chunks ({@link ProtocolVersion#FEATURE_SOURCE_CHUNKS}) into {@code out},
     * each chunk as it arrives, decompressed; returns the decompressed size. Each chunk is at most
     * {@link #MAX_CHUNK} bytes on the wire, the whole at most the body size limit.
     */
    public long readChunksToStream(Token token, Compression compression, OutputStream out) throws IOException {
        long total = 0;
        while (true) {
            long length = ElementHeader.unsigned(readNumber(token));
            if (length == 0) {
                return total;
            }
            if (length > MAX_CHUNK) {
                throw new ProtocolException(
                        ProtocolException.Kind.TOO_LARGE,
                        token + " chunk of " + length + " bytes, " + MAX_CHUNK + " allowed");
            }
            long allowed = limits.maxBodySize() - total;
            byte[] chunk = readExactly((int) length);
            byte[] content = compression == Compression.NONE ? chunk : Codec.decompress(compression, chunk, allowed);
            if (content.length > allowed) {
                throw new ProtocolException(
                        ProtocolException.Kind.TOO_LARGE,
                        token + " body over the " + limits.maxBodySize() + " bytes allowed");
            }
            out.write(content);
            total += content.length;
        }
    }

    /** Reads and drops a source sent in chunks, without decompressing it; returns its size on the wire. */
    public long skipChunks(Token token) throws IOException {
        return readChunksToStream(token, Compression.NONE, OutputStream.nullOutputStream());
    }

    /** Reads a payload element into memory, decompressing it. */
    public byte[] readPayload(Token token, Compression compression) throws IOException {
        int wireLength = readNumber(token);
        long length = ElementHeader.checkedLength(token, wireLength, limits);
        return Codec.decompress(compression, readExactly((int) length), limits.maxBodySize());
    }

    /**
     * A whole reply. The object goes to {@code objectFile} (only when the compile succeeded), side
     * files of the jdistcc dialect into {@code sideDir} under temporary names.
     */
    public Reply readReply(ProtocolVersion expected, Path objectFile, Path sideDir) throws IOException {
        return readReplyAfter(readNumber(Token.DONE), expected, objectFile, sideDir);
    }

    private Reply readReplyAfter(int done, ProtocolVersion expected, Path objectFile, Path sideDir) throws IOException {
        if (done != expected.wire()) {
            throw new ProtocolException(
                    ProtocolException.Kind.BAD_VERSION,
                    "server answered protocol " + Integer.toHexString(done) + " to our " + expected);
        }
        Compression compression = expected.compression();
        int flags = 0;
        if (expected.has(ProtocolVersion.FEATURE_IDENTITY)) {
            flags = readNumber(Token.XRES);
            if ((flags & ~Reply.KNOWN_FLAGS) != 0) {
                throw new ProtocolException(
                        ProtocolException.Kind.MALFORMED, "unknown reply flags " + Integer.toHexString(flags));
            }
        }
        int status = readNumber(Token.STAT);
        byte[] stderr = readPayload(Token.SERR, compression);
        byte[] stdout = readPayload(Token.SOUT, compression);
        if (status != 0) {
            // distcc 3.4's client stops here: the empty DOTO that follows is never read.
            return new Reply(
                    expected,
                    status,
                    new Payload.Bytes(stderr),
                    new Payload.Bytes(stdout),
                    Payload.EMPTY,
                    null,
                    List.of(),
                    flags);
        }
        readPayloadToFile(Token.DOTO, compression, objectFile);
        Payload deps = null;
        if (expected.repliesDependencies()) {
            deps = new Payload.Bytes(readPayload(Token.DOTD, compression));
        }
        List<SideFile> sides = new ArrayList<>();
        if (expected.has(ProtocolVersion.FEATURE_SIDE_FILES)) {
            int count = readNumber(Token.XFIL);
            if (count < 0 || count > limits.maxFiles()) {
                throw new ProtocolException(
                        ProtocolException.Kind.TOO_LARGE, "side file count " + ElementHeader.unsigned(count));
            }
            for (int i = 0; i < count; i++) {
                String name = readString(Token.XNAM, limits.maxNameLength());
                if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                    throw new ProtocolException(ProtocolException.Kind.MALFORMED, "bad side file name '" + name + "'");
                }
                Path file = sideDir.resolve("side" + i + ".tmp");
                readPayloadToFile(Token.FILE, compression, file);
                sides.add(new SideFile(name, new Payload.InFile(file)));
            }
        }
        return new Reply(
                expected,
                status,
                new Payload.Bytes(stderr),
                new Payload.Bytes(stdout),
                new Payload.InFile(objectFile),
                deps,
                sides,
                flags);
    }

    /** A daemon's answer to a hello. A distcc 3.4 daemon gives none: it closes (TRUNCATED). */
    public Hello readHello() throws IOException {
        int wire = readNumber(Token.DONE);
        if ((wire & ProtocolVersion.MAGIC_MASK) == ProtocolVersion.JDISTCC_MAGIC
                && (wire & ProtocolVersion.FEATURE_FILE_CACHE) == 0) {
            // An earlier jdistcc's source mode sent every file whole; this client no longer speaks it.
            wire &= ~ProtocolVersion.FEATURE_SOURCES;
        }
        // Features of a later version are not ours to use: dropped, not a reason to take it for distcc.
        ProtocolVersion served =
                ProtocolVersion.fromWire(wire & (ProtocolVersion.MAGIC_MASK | ProtocolVersion.KNOWN_FEATURES));
        if (served == null || !served.isJdistcc()) {
            throw new ProtocolException(ProtocolException.Kind.BAD_VERSION, "a hello answered without jdistcc's magic");
        }
        return new Hello(served, Hello.parseFacts(readString(Token.HELO, Hello.MAX_FACTS)));
    }

    /** Source mode: the {@code NENV} count and that many {@code NAME=value} entries. */
    public List<String> readEnvironment() throws IOException {
        int count = readNumber(Token.NENV);
        if (count < 0 || count > limits.maxArgs()) {
            throw new ProtocolException(
                    ProtocolException.Kind.TOO_LARGE, "environment count " + ElementHeader.unsigned(count));
        }
        List<String> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String entry = readString(Token.ENVV, limits.maxArgLength());
            if (entry.indexOf('=') <= 0) {
                throw new ProtocolException(ProtocolException.Kind.MALFORMED, "environment entry without a name");
            }
            entries.add(entry);
        }
        return entries;
    }

    /** Protocol 3: the {@code NFIL} count of the {@link PumpEntry}s that follow. */
    public int readPumpEntryCount() throws IOException {
        return readFileCount();
    }

    /**
     * Protocol 3: one entry. A file's content is decompressed into the path {@code placement} chooses
     * for its name, at most {@code maxSize} bytes; a link's target is read whole (at most the name
     * length limit). The name is checked to be absolute; what else is safe to create is the caller's
     * business.
     */
    public PumpEntry readPumpEntry(Compression compression, long maxSize, PumpEntry.Placement placement)
            throws IOException {
        String name = readString(Token.NAME, limits.maxNameLength());
        if (!name.startsWith("/")) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "file name '" + name + "' is not absolute");
        }
        byte[] header = readHeaderBytes(Token.FILE);
        if (ElementHeader.matches(header, Token.LINK)) {
            String target =
                    readStringBody(Token.LINK, ElementHeader.parseNumber(Token.LINK, header), limits.maxNameLength());
            if (target.isEmpty()) {
                throw new ProtocolException(ProtocolException.Kind.MALFORMED, "link '" + name + "' has no target");
            }
            return new PumpEntry.Link(name, target);
        }
        if (!ElementHeader.matches(header, Token.FILE)) {
            // distcc 3.4 calls this "protocol derailment" (src/srvrpc.c).
            throw new ProtocolException(
                    ElementHeader.isTokenName(header)
                            ? ProtocolException.Kind.UNEXPECTED_TOKEN
                            : ProtocolException.Kind.MALFORMED,
                    "expected FILE or LINK after NAME, got '" + ElementHeader.printable(header, 0, 4) + "'");
        }
        int wireLength = ElementHeader.parseNumber(Token.FILE, header);
        Path target = placement.place(name);
        readBodyToFile(Token.FILE, wireLength, compression, target, maxSize);
        return new PumpEntry.File(name, new Payload.InFile(target));
    }

    private int readFileCount() throws IOException {
        int count = readNumber(Token.NFIL);
        if (count < 0 || count > limits.maxFiles()) {
            throw new ProtocolException(
                    ProtocolException.Kind.TOO_LARGE, "file count " + ElementHeader.unsigned(count));
        }
        return count;
    }

    /** Source mode: the {@code MANI} payload, decompressed and parsed within the limits. */
    public Manifest readManifest(Compression compression) throws IOException {
        return ManifestFormat.decode(readPayload(Token.MANI, compression), limits);
    }

    /**
     * Source mode, the client's side: what comes after the manifest, a volunteer's {@link Need} (then
     * call again, once the files are sent) or its {@link Reply}, read as {@link #readReply} reads it.
     *
     * @param entries how many entries the manifest had: a position must be below
     */
    public Message readNeedOrReply(ProtocolVersion expected, int entries, Path objectFile, Path sideDir)
            throws IOException {
        byte[] header = readHeaderBytes(Token.DONE);
        if (!ElementHeader.matches(header, Token.NEED)) {
            return readReplyAfter(ElementHeader.parseNumber(Token.DONE, header), expected, objectFile, sideDir);
        }
        long length = ElementHeader.checkedLength(Token.NEED, ElementHeader.parseNumber(Token.NEED, header), limits);
        if (length % 4 != 0 || length / 4 > entries) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "NEED of " + length + " bytes");
        }
        byte[] body = readExactly((int) length);
        List<Integer> indices = new ArrayList<>(body.length / 4);
        int last = -1;
        for (int i = 0; i < body.length; i += 4) {
            int index = (body[i] & 0xff) << 24
                    | (body[i + 1] & 0xff) << 16
                    | (body[i + 2] & 0xff) << 8
                    | (body[i + 3] & 0xff);
            if (index <= last || index >= entries) {
                throw new ProtocolException(
                        ProtocolException.Kind.MALFORMED, "NEED position " + index + " out of order");
            }
            indices.add(index);
            last = index;
        }
        return new Need(indices);
    }

    public String readString(Token token, int maxLength) throws IOException {
        return readStringBody(token, readNumber(token), maxLength);
    }

    private String readStringBody(Token token, int length, int maxLength) throws IOException {
        if (length < 0 || length > maxLength) {
            throw new ProtocolException(
                    ProtocolException.Kind.TOO_LARGE,
                    token + " string of " + ElementHeader.unsigned(length) + " bytes");
        }
        byte[] bytes = readExactly(length);
        for (byte b : bytes) {
            if (b == 0) {
                throw new ProtocolException(ProtocolException.Kind.MALFORMED, token + " string contains a NUL byte");
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The value of the next element, which must be {@code expected}. */
    public int readNumber(Token expected) throws IOException {
        return ElementHeader.parseNumber(expected, readHeaderBytes(expected));
    }

    private byte[] readHeaderBytes(Token expected) throws IOException {
        byte[] header = new byte[12];
        int got = in.readNBytes(header, 0, 12);
        if (got < 12) {
            throw new ProtocolException(
                    ProtocolException.Kind.TRUNCATED,
                    got == 0 ? "connection closed before " + expected : "stream ended inside " + expected + " header");
        }
        return header;
    }

    private byte[] readExactly(int length) throws IOException {
        // Read in chunks so a lying length cannot make us allocate before the bytes arrive.
        byte[] result = in.readNBytes(length);
        if (result.length < length) {
            throw new ProtocolException(
                    ProtocolException.Kind.TRUNCATED,
                    "stream ended after " + result.length + " of " + length + " bytes");
        }
        return result;
    }

    private void copyExactly(long length, OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(length, 64 * 1024)];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new ProtocolException(
                        ProtocolException.Kind.TRUNCATED,
                        "stream ended after " + (length - remaining) + " of " + length + " bytes");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }
}
