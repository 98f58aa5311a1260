package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;

/**
 * A whole source-mode request: the head {@link MessageReader#readRequest()} gave (its version has
 * {@link ProtocolVersion#FEATURE_SOURCES}, its {@code cwd} is the client's working directory), the
 * environment the client's compiler would have seen, and the client's files, already recreated
 * under the job's root.
 *
 * @param environment {@code NAME=value} entries as sent; {@link SourceDialect} keeps only those
 *     that change what gcc prints
 */
record SourceRequest(Request head, List<String> environment, SourceTree tree) {
    SourceRequest {
        environment = List.copyOf(environment);
    }

    /**
     * Reads what follows the head of a source-mode request: {@code NENV}, {@code ENVV}s, {@code
     * NFIL} and the files, which land under {@code jobDir/root}.
     *
     * @param jobDir an empty directory for this job (see {@link SourceTree#receive})
     * @param maxTotalBytes bound on the sum of the file sizes
     * @throws ProtocolException if the head is not source mode, the working directory is not an
     *     absolute normal path, or a file is refused
     */
    static SourceRequest read(Request head, MessageReader reader, Path jobDir, long maxTotalBytes) throws IOException {
        if (!head.version().has(ProtocolVersion.FEATURE_SOURCES)) {
            throw new IllegalArgumentException("not a source-mode request: " + head.version());
        }
        String cwd = head.cwd();
        if (cwd == null || !SourceTree.isNormalAbsolute(cwd) || cwd.equals("/")) {
            throw new ProtocolException(
                    ProtocolException.Kind.MALFORMED, "working directory '" + cwd + "' is not absolute and normal");
        }
        List<String> environment = reader.readEnvironment();
        SourceTree tree = SourceTree.receive(reader, head.version().compression(), jobDir, maxTotalBytes);
        return new SourceRequest(head, environment, tree);
    }
}
