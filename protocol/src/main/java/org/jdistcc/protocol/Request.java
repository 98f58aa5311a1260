package org.jdistcc.protocol;

import java.util.List;

/**
 * The head of a compile request: {@code DIST}, for pump mode {@code CDIR}, {@code ARGC} and the
 * {@code ARGV}s. The source ({@code DOTI}) follows as a separate payload because the client sends
 * this head while its preprocessor is still running, and the server checks it before reading a
 * possibly large body.
 *
 * @param cwd the client's working directory: protocol 3 and jdistcc source mode only, otherwise null
 * @param identity the client's compiler identity digest ({@link ProtocolVersion#FEATURE_IDENTITY}), or
 *     null: not sent, or sent empty (the client asks for no check)
 */
public record Request(ProtocolVersion version, String cwd, List<String> argv, String identity) implements Message {
    public Request {
        argv = List.copyOf(argv);
    }

    public Request(ProtocolVersion version, String cwd, List<String> argv) {
        this(version, cwd, argv, null);
    }

    public Request(ProtocolVersion version, List<String> argv) {
        this(version, null, argv, null);
    }
}
