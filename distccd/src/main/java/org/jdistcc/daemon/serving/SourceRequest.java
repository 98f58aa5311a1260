package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Manifest;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Need;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;

/**
 * A whole source-mode request: the head {@link MessageReader#readRequest()} gave (its version has
 * {@link ProtocolVersion#FEATURE_SOURCES} and {@link ProtocolVersion#FEATURE_FILE_CACHE}, its {@code
 * cwd} is the client's working directory), the environment the client's compiler would have seen,
 * and the client's files, recreated under the job's root: from the cache by digest, the rest asked
 * for ({@code NEED}) and received.
 *
 * @param environment {@code NAME=value} entries as sent; {@link SourceDialect} keeps only those
 *     that change what gcc prints
 */
record SourceRequest(Request head, List<String> environment, SourceTree tree) {
    SourceRequest {
        environment = List.copyOf(environment);
    }

    /**
     * Reads what follows the head: {@code NENV}, {@code ENVV}s and the {@code MANI}fest; builds the tree
     * from the cache; answers with what it lacks when the client asked or something lacks; reads
     * those files.
     *
     * @param answers where the answer goes (the connection's output)
     * @param jobDir an empty directory for this job (see {@link SourceTree#build})
     * @param maxTotalBytes bound on the sum of the file sizes
     * @throws ProtocolException if the head is not this dialect, the working directory is not an
     *     absolute normal path, or the manifest or a file is refused
     */
    static SourceRequest read(
            Request head, MessageReader reader, OutputStream answers, Path jobDir, long maxTotalBytes, FileCache cache)
            throws IOException {
        ProtocolVersion version = head.version();
        if (!version.has(ProtocolVersion.FEATURE_SOURCES) || !version.has(ProtocolVersion.FEATURE_FILE_CACHE)) {
            throw new IllegalArgumentException("not a source-mode request: " + version);
        }
        String cwd = head.cwd();
        if (cwd == null || !SourceTree.isNormalAbsolute(cwd) || cwd.equals("/")) {
            throw new ProtocolException(
                    ProtocolException.Kind.MALFORMED, "working directory '" + cwd + "' is not absolute and normal");
        }
        List<String> environment = reader.readEnvironment();
        Compression compression = version.compression();
        Manifest manifest = reader.readManifest(compression);
        SourceTree tree = SourceTree.build(manifest, jobDir, maxTotalBytes, cache);
        List<Integer> missing = tree.missing();
        if (!missing.isEmpty() || manifest.answer()) {
            MessageWriter.writeNeed(answers, new Need(missing));
            answers.flush();
        }
        for (int index : missing) {
            tree.receive(index, reader.readPayload(Token.FILE, compression), cache);
        }
        return new SourceRequest(head, environment, tree);
    }
}
