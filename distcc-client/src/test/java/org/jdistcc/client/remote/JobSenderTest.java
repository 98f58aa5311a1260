package org.jdistcc.client.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.remote.ScriptedVolunteer.Behaviour;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSenderTest {
    static final Timeouts QUICK = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(3));

    @TempDir
    Path dir;

    final JobSender sender = new JobSender(QUICK, "ssh", Limits.DEFAULT);

    Path source() throws IOException {
        return Files.writeString(dir.resolve("x.i"), "int answer(void) { return 42; }\n");
    }

    static HostSpec.Tcp host(ScriptedVolunteer v, Compression c) {
        return new HostSpec.Tcp("127.0.0.1", v.port(), 2, c, false);
    }

    Reply compile(HostSpec host, ProtocolVersion version) throws Exception {
        try (var job = sender.start(host, version, List.of("gcc", "-c", "x.i", "-o", "x.o"))) {
            job.sendSource(new Payload.InFile(source()));
            job.awaitReply();
            return job.receive(dir.resolve("x.o"), dir);
        }
    }

    @Test
    void sendsTheHeadAndSourceAndReceivesTheObjectInBothDistccProtocols() throws Exception {
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            for (var c : List.of(Compression.NONE, Compression.LZO)) {
                ProtocolVersion version = c == Compression.NONE ? ProtocolVersion.PLAIN : ProtocolVersion.LZO;
                Reply reply = compile(host(v, c), version);
                assertEquals(0, reply.exitStatus(), c.toString());
                byte[] object = Files.readAllBytes(dir.resolve("x.o"));
                assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, java.util.Arrays.copyOf(object, 4));
            }
            assertEquals(
                    List.of("gcc", "-c", "x.i", "-o", "x.o"),
                    v.requests().getFirst().argv());
            assertEquals(ProtocolVersion.LZO, v.requests().get(1).version());
        }
    }

    @Test
    void aDistccdRefusalIsTheVolunteersFailureNotACompileError() throws Exception {
        try (var v = new ScriptedVolunteer(Behaviour.DENY, dir.resolve("v"))) {
            var failure =
                    assertThrows(RemoteFailure.class, () -> compile(host(v, Compression.NONE), ProtocolVersion.PLAIN));
            assertEquals(RemoteFailure.Kind.ACCESS_DENIED, failure.kind());
        }
    }

    @Test
    void aVolunteerThatClosesOrTalksNonsenseFailsWithItsOwnKind() throws Exception {
        try (var v = new ScriptedVolunteer(Behaviour.CLOSE, dir.resolve("v"))) {
            var closed =
                    assertThrows(RemoteFailure.class, () -> compile(host(v, Compression.NONE), ProtocolVersion.PLAIN));
            assertEquals(RemoteFailure.Kind.CONNECTION_DROPPED, closed.kind());
            v.behave(Behaviour.GARBAGE);
            var garbage =
                    assertThrows(RemoteFailure.class, () -> compile(host(v, Compression.NONE), ProtocolVersion.PLAIN));
            assertEquals(RemoteFailure.Kind.PROTOCOL_ERROR, garbage.kind());
        }
    }

    @Test
    void aJdistccRequestClosedUnansweredIsADialectRefusalAndADistccOneIsNot() throws Exception {
        ProtocolVersion jdistcc = ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4);
        try (var v = new ScriptedVolunteer(Behaviour.CLOSE, dir.resolve("v"))) {
            var refused = assertThrows(RemoteFailure.class, () -> compile(host(v, Compression.LZ4), jdistcc));
            assertEquals(RemoteFailure.Kind.CONNECTION_DROPPED, refused.kind());
            assertTrue(refused.isDialectRefused(), refused::getMessage);
            var plain =
                    assertThrows(RemoteFailure.class, () -> compile(host(v, Compression.NONE), ProtocolVersion.PLAIN));
            assertFalse(plain.isDialectRefused(), "distcc's own dialect has no other to fall back to");
        }
        // A volunteer that reads the request and says nothing is still compiling: not a refusal.
        try (var silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var socket = silent.accept()) {
                    socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // the client left
                }
            });
            var host = new HostSpec.Tcp("127.0.0.1", silent.getLocalPort(), 1, Compression.LZ4, false);
            var timedOut = assertThrows(RemoteFailure.class, () -> compile(host, jdistcc));
            assertEquals(RemoteFailure.Kind.TIMEOUT, timedOut.kind());
            assertFalse(timedOut.isDialectRefused(), timedOut::getMessage);
        }
    }

    @Test
    void aSilentVolunteerTimesOutAfterTheIoTimeoutNotNever() throws Exception {
        try (var v = new ScriptedVolunteer(Behaviour.SILENT, dir.resolve("v"))) {
            long start = System.nanoTime();
            var failure =
                    assertThrows(RemoteFailure.class, () -> compile(host(v, Compression.NONE), ProtocolVersion.PLAIN));
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(RemoteFailure.Kind.TIMEOUT, failure.kind());
            assertTrue(seconds >= 2 && seconds < 30, "timed out after " + seconds + " s");
        }
    }

    @Test
    void aClosedPortCannotConnectAndAnUnknownNameCannotResolve() throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        var refused = assertThrows(
                RemoteFailure.class,
                () -> sender.start(
                        new HostSpec.Tcp("127.0.0.1", closedPort, 1, Compression.NONE, false),
                        ProtocolVersion.PLAIN,
                        List.of("gcc")));
        assertEquals(RemoteFailure.Kind.CANNOT_CONNECT, refused.kind());
        var unknown = assertThrows(
                RemoteFailure.class,
                () -> sender.start(
                        new HostSpec.Tcp("no-such-host.invalid", 3632, 1, Compression.NONE, false),
                        ProtocolVersion.PLAIN,
                        List.of("gcc")));
        assertEquals(RemoteFailure.Kind.CANNOT_RESOLVE, unknown.kind());
    }
}
