package org.jdistcc.daemon.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.protocol.Manifest;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;

/** What a source-mode client sends, for tests that play the client with bytes. */
final class SourceRequests {
    static final ProtocolVersion SOURCES = ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4
            | ProtocolVersion.FEATURE_SIDE_FILES
            | ProtocolVersion.FEATURE_SOURCES
            | ProtocolVersion.FEATURE_FILE_CACHE);

    private SourceRequests() {}

    /** {@code path} as a manifest names it: by its absolute path, modification time, size and digest. */
    static Manifest.File file(Path path) throws IOException {
        byte[] content = Files.readAllBytes(path);
        return new Manifest.File(
                path.toString(),
                Files.getLastModifiedTime(path).toMillis() / 1000,
                content.length,
                FileCache.sha256(content));
    }

    /**
     * The head, the environment, the manifest, and then every file's content in order, as the client
     * sends them when the volunteer answers that it lacks them all (an empty cache).
     */
    static byte[] lackingAll(Request head, List<String> environment, List<Manifest.Entry> entries) throws IOException {
        var wire = new ByteArrayOutputStream();
        MessageWriter.writeRequest(wire, head);
        MessageWriter.writeEnvironment(wire, environment);
        MessageWriter.writeManifest(wire, head.version().compression(), new Manifest(true, entries));
        for (Manifest.Entry entry : entries) {
            if (entry instanceof Manifest.File f) {
                MessageWriter.writePayload(
                        wire, Token.FILE, head.version().compression(), new Payload.InFile(Path.of(f.name())));
            }
        }
        return wire.toByteArray();
    }
}
