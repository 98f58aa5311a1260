package org.jdistcc.daemon.serving;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.daemon.net.ClientConnection;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;

/**
 * Receives a compile request: the head ({@code DIST}, {@code ARGC}, {@code ARGV}s), then the
 * preprocessed source ({@code DOTI}). The client sends the head while its preprocessor still runs,
 * so the head is checked before the source is read. The mirror of a client's JobSender.
 */
final class JobReceiver {
    private final InputStream in;
    private final MessageReader reader;
    private final OutputStream answers;

    JobReceiver(ClientConnection connection, Limits limits) {
        this.answers = connection.output();
        this.in = new BufferedInputStream(connection.input(), 64 * 1024);
        this.reader = new MessageReader(in, limits);
    }

    Request receiveHead() throws IOException {
        return reader.readRequest();
    }

    /** Writes the source, decompressed, to {@code target}; returns its size. */
    long receiveSource(ProtocolVersion version, Path target) throws IOException {
        if (version.has(ProtocolVersion.FEATURE_SOURCE_CHUNKS)) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 64 * 1024)) {
                return receiveSource(version, out);
            }
        }
        return reader.readPayloadToFile(Token.DOTI, version.compression(), target);
    }

    /** Writes the source, decompressed, to {@code target} as it arrives; returns its size. */
    long receiveSource(ProtocolVersion version, OutputStream target) throws IOException {
        if (version.has(ProtocolVersion.FEATURE_SOURCE_CHUNKS)) {
            return reader.readChunksToStream(Token.DOTI, version.compression(), target);
        }
        return reader.readPayloadToStream(Token.DOTI, version.compression(), target);
    }

    /**
     * Reads and drops the source of a refused job, so the client is not reset while it still
     * writes and does read the refusal.
     */
    void discardSource(ProtocolVersion version) throws IOException {
        if (version.has(ProtocolVersion.FEATURE_SOURCE_CHUNKS)) {
            reader.skipChunks(Token.DOTI);
        } else {
            reader.readPayloadToFile(Token.DOTI, Compression.NONE, Path.of("/dev/null"));
        }
    }

    /** The reader, for requests whose body is more than one source (source mode). */
    MessageReader reader() {
        return reader;
    }

    /** Where an answer in the middle of a request goes (source mode's {@code NEED}). */
    OutputStream answers() {
        return answers;
    }

    /** What the client sends after its request: nothing, until it closes. */
    InputStream rest() {
        return in;
    }
}
