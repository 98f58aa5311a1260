package org.jdistcc.protocol;

import java.util.List;

/**
 * The head of a compile request: {@code DIST}, for pump mode {@code CDIR}, {@code ARGC} and the
 * {@code ARGV}s. The source ({@code DOTI}) follows as a separate payload because the client sends
 * this head while its preprocessor is still running, and the server checks it before reading a
 * possibly large body.
 *
 * @param cwd the client's working directory: protocol 3 and jdistcc source mode only, otherwise null
 */
public record Request(ProtocolVersion version, String cwd, List<String> argv) implements Message {
    public Request {
        argv = List.copyOf(argv);
    }

    public Request(ProtocolVersion version, List<String> argv) {
        this(version, null, argv);
    }
}
