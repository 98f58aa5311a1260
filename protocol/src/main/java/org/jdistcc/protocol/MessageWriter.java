package org.jdistcc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/** Turns messages into distcc's wire bytes. Stateless; callers buffer and flush. */
public final class MessageWriter {
    /**
     * The most one chunk may hold: compressed (LZ4 or LZO, whose worst case grows a block by well
     * under 1%) it stays within {@link MessageReader#MAX_CHUNK}.
     */
    public static final int MAX_CHUNK_CONTENT = 512 * 1024;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private MessageWriter() {}

    public static void writeRequest(OutputStream out, Request request) throws IOException {
        writeNumber(out, Token.DIST, request.version().wire());
        if (request.version().isHello() || request.version().isWait()) {
            return;
        }
        if (request.version().sendsWorkingDirectory()) {
            writeString(out, Token.CDIR, request.cwd() == null ? "" : request.cwd());
        }
        writeNumber(out, Token.ARGC, request.argv().size());
        for (String arg : request.argv()) {
            writeString(out, Token.ARGV, arg);
        }
        if (request.version().has(ProtocolVersion.FEATURE_IDENTITY)) {
            writeString(out, Token.CIDN, request.identity() == null ? "" : request.identity());
        }
    }

    public static void writeReply(OutputStream out, Reply reply) throws IOException {
        Compression compression = reply.version().compression();
        writeNumber(out, Token.DONE, reply.version().wire());
        if (reply.version().has(ProtocolVersion.FEATURE_IDENTITY)) {
            writeNumber(out, Token.XRES, reply.flags());
        }
        writeNumber(out, Token.STAT, reply.waitStatus());
        writePayload(out, Token.SERR, compression, reply.stderr());
        writePayload(out, Token.SOUT, compression, reply.stdout());
        if (!reply.succeeded()) {
            // distcc 3.4 sends an empty object after a failure, and its client does not read it.
            writeNumber(out, Token.DOTO, 0);
            return;
        }
        writePayload(out, Token.DOTO, compression, reply.object());
        if (reply.version().repliesDependencies()) {
            writePayload(out, Token.DOTD, compression, reply.deps() == null ? Payload.EMPTY : reply.deps());
        }
        if (reply.version().has(ProtocolVersion.FEATURE_SIDE_FILES)) {
            writeNumber(out, Token.XFIL, reply.sideFiles().size());
            for (SideFile side : reply.sideFiles()) {
                writeString(out, Token.XNAM, side.name());
                writePayload(out, Token.FILE, compression, side.content());
            }
        }
    }

    /** A daemon's answer to a hello: {@code DONE} with the features served, {@code HELO} with its facts. */
    public static void writeHello(OutputStream out, Hello hello) throws IOException {
        writeHeader(out, Token.DONE, hello.served().wire());
        writeString(out, Token.HELO, hello.factsText());
    }

    /** Source mode: the compiler's environment, {@code NENV} then one {@code ENVV} per entry. */
    public static void writeEnvironment(OutputStream out, List<String> entries) throws IOException {
        writeNumber(out, Token.NENV, entries.size());
        for (String entry : entries) {
            writeString(out, Token.ENVV, entry);
        }
    }

    /** Source mode: every input by name and digest, one {@code MANI} payload compressed as the dialect says. */
    public static void writeManifest(OutputStream out, Compression compression, Manifest manifest) throws IOException {
        byte[] body = ManifestFormat.encode(manifest);
        writeBytes(out, Token.MANI, compression, body, body.length);
    }

    /** Source mode: the volunteer's answer to a manifest, the positions it lacks (4 bytes each). */
    public static void writeNeed(OutputStream out, Need need) throws IOException {
        byte[] body = new byte[4 * need.indices().size()];
        for (int i = 0; i < need.indices().size(); i++) {
            int index = need.indices().get(i);
            body[4 * i] = (byte) (index >>> 24);
            body[4 * i + 1] = (byte) (index >>> 16);
            body[4 * i + 2] = (byte) (index >>> 8);
            body[4 * i + 3] = (byte) index;
        }
        writeBytes(out, Token.NEED, Compression.NONE, body, body.length);
    }

    /**
     * Protocol 3: {@code NFIL}, then each file ({@code NAME} + {@code FILE}, the content compressed
     * with {@code compression}: LZO for distcc 3.4) or link ({@code NAME} + {@code LINK}).
     */
    public static void writePumpEntries(OutputStream out, Compression compression, List<PumpEntry> entries)
            throws IOException {
        writeNumber(out, Token.NFIL, entries.size());
        for (PumpEntry entry : entries) {
            writeString(out, Token.NAME, entry.name());
            switch (entry) {
                case PumpEntry.File file -> writePayload(out, Token.FILE, compression, file.content());
                case PumpEntry.Link link -> writeString(out, Token.LINK, link.target());
            }
        }
    }

    /**
     * A payload element, compressed as the dialect says. Files are streamed when uncompressed, by
     * the output itself when it is a {@link FileSink}.
     */
    public static void writePayload(OutputStream out, Token token, Compression compression, Payload payload)
            throws IOException {
        switch (payload) {
            case Payload.Bytes(byte[] content) -> writeBytes(out, token, compression, content, content.length);
            case Payload.InFile(var path) -> {
                if (compression == Compression.NONE) {
                    long size = Files.size(path);
                    if (size > 0xffffffffL) {
                        throw new IOException(path + " is larger than distcc's 4 GiB element limit");
                    }
                    writeHeader(out, token, (int) size);
                    if (out instanceof FileSink sink) {
                        try (FileChannel file = FileChannel.open(path)) {
                            if (file.size() != size) {
                                throw new IOException(path + " changed size while being sent");
                            }
                            sink.sendFile(file, size);
                        }
                        return;
                    }
                    try (InputStream in = Files.newInputStream(path)) {
                        long copied = in.transferTo(out);
                        if (copied != size) {
                            throw new IOException(path + " changed size while being sent");
                        }
                    }
                } else {
                    byte[] content = Files.readAllBytes(path);
                    writeBytes(out, token, compression, content, content.length);
                }
            }
        }
    }

    private static void writeBytes(OutputStream out, Token token, Compression compression, byte[] content, int len)
            throws IOException {
        byte[] wire = compression == Compression.NONE ? content : Codec.compress(compression, content, 0, len);
        int wireLen = compression == Compression.NONE ? len : wire.length;
        writeHeader(out, token, wireLen);
        out.write(wire, 0, wireLen);
    }

    /**
     * One chunk of a source sent as it is made ({@link ProtocolVersion#FEATURE_SOURCE_CHUNKS}),
     * compressed on its own; {@code len} is at least 1 and at most {@link #MAX_CHUNK_CONTENT}.
     */
    public static void writeChunk(OutputStream out, Token token, Compression compression, byte[] content, int len)
            throws IOException {
        if (len <= 0 || len > MAX_CHUNK_CONTENT) {
            throw new IllegalArgumentException("a chunk holds 1 to " + MAX_CHUNK_CONTENT + " bytes, not " + len);
        }
        writeBytes(out, token, compression, content, len);
    }

    /** The end of a source sent in chunks: an empty chunk. */
    public static void writeChunkEnd(OutputStream out, Token token) throws IOException {
        writeHeader(out, token, 0);
    }

    public static void writeString(OutputStream out, Token token, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeHeader(out, token, bytes.length);
        out.write(bytes);
    }

    public static void writeNumber(OutputStream out, Token token, int value) throws IOException {
        writeHeader(out, token, value);
    }

    static void writeHeader(OutputStream out, Token token, int value) throws IOException {
        byte[] header = new byte[12];
        String name = token.name();
        for (int i = 0; i < 4; i++) {
            header[i] = (byte) name.charAt(i);
        }
        for (int i = 0; i < 8; i++) {
            header[4 + i] = HEX[(value >>> (28 - 4 * i)) & 0xf];
        }
        out.write(header);
    }
}
