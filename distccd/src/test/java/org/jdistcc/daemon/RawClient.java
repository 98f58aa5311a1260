package org.jdistcc.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.Manifest;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Need;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;

/** A distcc client reduced to the wire: writes a request with MessageWriter, reads the reply. */
final class RawClient {
    /** What came back: a reply, or null when the daemon closed without one. */
    record Outcome(Reply reply, String closeReason) {
        boolean closed() {
            return reply == null;
        }

        int exitCode() {
            return reply.exitStatus();
        }

        String stderr() {
            return reply.stderr() instanceof Payload.Bytes(byte[] b) ? new String(b, StandardCharsets.UTF_8) : "";
        }
    }

    static final ProtocolVersion SOURCES = ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4
            | ProtocolVersion.FEATURE_SIDE_FILES
            | ProtocolVersion.FEATURE_SOURCES
            | ProtocolVersion.FEATURE_FILE_CACHE);

    private RawClient() {}

    static Outcome compile(int port, ProtocolVersion version, List<String> argv, String source, Path outDir)
            throws IOException {
        return compile(null, port, version, argv, source, outDir);
    }

    /** As {@link #compile(int, ProtocolVersion, List, String, Path)}, from the local address {@code from}. */
    static Outcome compile(
            InetAddress from, int port, ProtocolVersion version, List<String> argv, String source, Path outDir)
            throws IOException {
        Path sourceFile = outDir.resolve("request.src");
        Files.writeString(sourceFile, source);
        try (var socket = new Socket()) {
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(120_000);
            var out = new BufferedOutputStream(socket.getOutputStream());
            MessageWriter.writeRequest(out, new Request(version, argv));
            MessageWriter.writePayload(out, Token.DOTI, version.compression(), new Payload.InFile(sourceFile));
            out.flush();
            return readReply(socket.getInputStream(), version, outDir);
        }
    }

    /** jdistcc's source mode: the command run in {@code cwd}, the client's files by absolute name. */
    static Outcome compileSources(int port, List<String> argv, String cwd, Map<String, Path> files, Path outDir)
            throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(120_000);
            var out = new BufferedOutputStream(socket.getOutputStream());
            MessageWriter.writeRequest(out, new Request(SOURCES, cwd, argv));
            MessageWriter.writeEnvironment(out, List.of());
            List<Manifest.Entry> entries = new ArrayList<>();
            List<Path> contents = new ArrayList<>();
            for (var file : files.entrySet()) {
                byte[] content = Files.readAllBytes(file.getValue());
                entries.add(new Manifest.File(
                        file.getKey(), 0, content.length, org.jdistcc.daemon.cache.FileCache.sha256(content)));
                contents.add(file.getValue());
            }
            MessageWriter.writeManifest(out, SOURCES.compression(), new Manifest(true, entries));
            out.flush();
            var in = new BufferedInputStream(socket.getInputStream());
            var reader = new MessageReader(in, Limits.DEFAULT);
            Need need;
            try {
                var first = reader.readNeedOrReply(SOURCES, entries.size(), outDir.resolve("reply.o"), outDir);
                if (first instanceof Reply reply) {
                    return new Outcome(reply, null);
                }
                need = (Need) first;
            } catch (ProtocolException e) {
                if (e.kind() == ProtocolException.Kind.TRUNCATED) {
                    return new Outcome(null, e.getMessage());
                }
                throw e;
            } catch (java.net.SocketException e) {
                return new Outcome(null, e.getMessage());
            }
            for (int index : need.indices()) {
                MessageWriter.writePayload(
                        out, Token.FILE, SOURCES.compression(), new Payload.InFile(contents.get(index)));
            }
            out.flush();
            return readReply(in, SOURCES, outDir);
        }
    }

    static Outcome readReply(InputStream in, ProtocolVersion version, Path outDir) throws IOException {
        var reader = new MessageReader(new BufferedInputStream(in), Limits.DEFAULT);
        try {
            return new Outcome(reader.readReply(version, outDir.resolve("reply.o"), outDir), null);
        } catch (ProtocolException e) {
            if (e.kind() == ProtocolException.Kind.TRUNCATED) {
                return new Outcome(null, e.getMessage());
            }
            throw e;
        } catch (java.net.SocketException e) {
            return new Outcome(null, e.getMessage());
        }
    }

    static final String HELLO = """
            int printf(const char *, ...);
            int main(void) { printf("hello\\n"); return 0; }
            """;
}
