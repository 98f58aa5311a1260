package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.util.List;
import org.jdistcc.common.ErrorLine;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.net.ClientConnection;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;

/**
 * Writes replies: a compile's results as its {@link Dialect} made them, or the daemon's own failure
 * as a status and a message. The mirror of a client's JobSender reading them.
 */
final class ReplySender {
    private ReplySender() {}

    /**
     * A failure of the daemon's own, distcc style: status {@code code << 8}, and on stderr a line
     * like the ones distcc 3.4 adds ({@code distccd[pid] ERROR: ...}).
     */
    static void sendFailure(ClientConnection connection, ProtocolVersion version, ExitCode code, String message)
            throws IOException {
        sendFailure(connection, version, code, message, 0);
    }

    /** As above, with reply flags ({@link Reply#OTHER_COMPILER}). */
    static void sendFailure(
            ClientConnection connection, ProtocolVersion version, ExitCode code, String message, int flags)
            throws IOException {
        var reply = new Reply(
                version,
                Reply.waitStatusOfExit(code.code()),
                new Payload.Bytes(ErrorLine.bytes("distccd", message)),
                Payload.EMPTY,
                Payload.EMPTY,
                null,
                List.of(),
                flags);
        send(connection, reply);
    }

    static void send(ClientConnection connection, Reply reply) throws IOException {
        MessageWriter.writeReply(connection.output(), reply);
        connection.output().flush();
    }
}
