package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.net.ClientConnection;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.SideFile;

/** Writes replies: a compile's results, or the daemon's own failure as a status and a message. */
final class ReplySender {
    private ReplySender() {}

    /**
     * A failure of the daemon's own, distcc style: status {@code code << 8}, and on stderr a line
     * like the ones distcc 3.4 adds ({@code distccd[pid] ERROR: ...}).
     */
    static void sendFailure(ClientConnection connection, ProtocolVersion version, ExitCode code, String message)
            throws IOException {
        var reply = new Reply(
                version,
                Reply.waitStatusOfExit(code.code()),
                new Payload.Bytes(errorLine(message)),
                Payload.EMPTY,
                Payload.EMPTY,
                null,
                List.of());
        send(connection, reply);
    }

    /**
     * A compile's results. The object is streamed from its file; side files (jdistcc dialect) are
     * every other regular file the compiler left in the work directory, named by their basename.
     */
    static void sendResult(
            ClientConnection connection,
            ProtocolVersion version,
            int waitStatus,
            JobDir dir,
            String inputName,
            Path object,
            int maxOutput)
            throws IOException {
        List<SideFile> sides = new ArrayList<>();
        if (waitStatus == 0 && version.has(ProtocolVersion.FEATURE_SIDE_FILES)) {
            try (Stream<Path> files = Files.list(dir.work())) {
                files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p ->
                                !p.equals(object) && !p.getFileName().toString().equals(inputName))
                        .sorted()
                        .forEach(p -> sides.add(new SideFile(p.getFileName().toString(), new Payload.InFile(p))));
            }
        }
        var reply = new Reply(
                version,
                waitStatus,
                new Payload.Bytes(readCapped(dir.stderr(), maxOutput)),
                new Payload.Bytes(readCapped(dir.stdout(), maxOutput)),
                waitStatus == 0 ? new Payload.InFile(object) : Payload.EMPTY,
                null,
                sides);
        send(connection, reply);
    }

    static byte[] errorLine(String message) {
        return ("distccd[" + ProcessHandle.current().pid() + "] ERROR: " + message + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void send(ClientConnection connection, Reply reply) throws IOException {
        MessageWriter.writeReply(connection.output(), reply);
        connection.output().flush();
    }

    /** At most {@code max} bytes of a captured stream, with a note when there was more. */
    private static byte[] readCapped(Path file, int max) throws IOException {
        if (!Files.exists(file)) {
            return new byte[0];
        }
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(max);
            if (size <= max) {
                return head;
            }
            byte[] note = ("\n[distccd: output truncated after " + max + " of " + size + " bytes]\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] both = new byte[head.length + note.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(note, 0, both, head.length, note.length);
            return both;
        }
    }
}
