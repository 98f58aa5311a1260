package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idle and half-sent connections take connection slots, never compile slots. */
@WithDaemon(args = {"--jobs", "1"})
class IdleFloodTest {
    @TempDir
    Path dir;

    @Test
    void aRealCompileIsServedPromptlyWhile32ConnectionsIdle(RunningDaemon daemon) throws Exception {
        var idle = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 32; i++) {
                var socket = new Socket();
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()), 5000);
                // Half of them stop inside a request head, like a client whose cpp never ends.
                if (i % 2 == 1) {
                    socket.getOutputStream()
                            .write("DIST00000001ARGC00000005ARGV00000003gcc".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                }
                idle.add(socket);
            }
            long start = System.nanoTime();

            RawClient.Outcome outcome = RawClient.compile(
                    daemon.port(),
                    ProtocolVersion.LZO,
                    List.of("gcc", "-c", "hello.c", "-o", "hello.o"),
                    RawClient.HELLO,
                    dir);

            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
            assertTrue(ms < 5000, "served after " + ms + " ms");
            for (Socket s : idle) {
                assertTrue(!s.isClosed() && s.isConnected());
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }
}
