package org.jdistcc.protocol;

import java.io.IOException;
import org.jdistcc.common.ExitCode;

/** The peer sent something we will not accept. Each kind maps to one distcc exit code. */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The stream ended inside an element or before an expected one. */
        TRUNCATED(ExitCode.TRUNCATED),
        /** Not a token where one was expected, bad hex digits, NULs in names. */
        MALFORMED(ExitCode.PROTOCOL_ERROR),
        /** A valid token, but not the one the protocol allows here. */
        UNEXPECTED_TOKEN(ExitCode.PROTOCOL_ERROR),
        /** A DIST or DONE number we do not speak. */
        BAD_VERSION(ExitCode.PROTOCOL_ERROR),
        /** A length or count beyond our limits. */
        TOO_LARGE(ExitCode.PROTOCOL_ERROR),
        /** A compressed payload that does not decompress. */
        BAD_COMPRESSION(ExitCode.PROTOCOL_ERROR);

        private final ExitCode exitCode;

        Kind(ExitCode exitCode) {
            this.exitCode = exitCode;
        }

        public ExitCode exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public ProtocolException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
