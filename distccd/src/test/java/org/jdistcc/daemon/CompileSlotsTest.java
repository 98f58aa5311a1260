package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --jobs bounds the compilers running at once; a job waiting for a slot can still be abandoned. */
@WithDaemon(args = {"--jobs", "1"})
class CompileSlotsTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the sockets are held open, which is the point, and closed at the end
    void secondJobWaitsForTheSlotAndLeavesCleanlyWhenItsClientGoes(RunningDaemon daemon) throws Exception {
        Path source = dir.resolve("slow.ii");
        Files.writeString(source, SlowCompileTest.SLOW_SOURCE);
        try (Socket first = sendSlowJob(daemon, source)) {
            awaitCompilers(daemon, 1);
            try (Socket second = sendSlowJob(daemon, source)) {
                awaitJobDirectories(daemon, 2);
                Thread.sleep(1000);
                assertEquals(1, compilerCount(daemon), "--jobs 1 but two compilers run");
            }
            daemon.awaitLog(l -> l.contains("outcome=client-disconnected"), Duration.ofSeconds(5));
            assertEquals(1, daemon.jobDirectories().size());
            assertEquals(1, compilerCount(daemon), "the first job keeps its compiler");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((!daemon.compilers().isEmpty() || !daemon.jobDirectories().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, daemon.compilers().size());
        assertEquals(0, daemon.jobDirectories().size());
    }

    private static Socket sendSlowJob(RunningDaemon daemon, Path source) throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()), 5000);
        var out = new BufferedOutputStream(socket.getOutputStream());
        MessageWriter.writeRequest(out, new Request(ProtocolVersion.LZO, SlowCompileTest.SLOW_ARGV));
        MessageWriter.writePayload(out, Token.DOTI, ProtocolVersion.LZO.compression(), new Payload.InFile(source));
        out.flush();
        return socket;
    }

    private static long compilerCount(RunningDaemon daemon) {
        return daemon.compilers().stream()
                .filter(p -> p.info().command().orElse("").endsWith("cc1plus"))
                .count();
    }

    private static void awaitCompilers(RunningDaemon daemon, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (compilerCount(daemon) < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, compilerCount(daemon));
    }

    private static void awaitJobDirectories(RunningDaemon daemon, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (daemon.jobDirectories().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, daemon.jobDirectories().size());
    }
}
