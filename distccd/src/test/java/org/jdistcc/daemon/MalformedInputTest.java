package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests that are not distcc requests: each is closed without a reply and logged, the daemon
 * keeps serving, and it leaks no descriptor, thread or job directory.
 */
@WithDaemon(args = {"--request-timeout", "3", "--max-source-size", "1M", "--max-args", "64"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedInputTest {
    private static final String HEAD =
            "DIST00000001ARGC00000005ARGV00000003gccARGV00000002-cARGV00000003x.c" + "ARGV00000002-oARGV00000003x.o";

    private static int baselineFds;
    private static int baselineThreads;

    @TempDir
    Path dir;

    @BeforeAll
    static void warmUpAndMeasure(RunningDaemon daemon, @TempDir Path dir) throws Exception {
        // Load every class the daemon needs for good and bad requests before counting its fds.
        compileHello(daemon, dir);
        sendAndAwaitClose(daemon, "garbage".getBytes(StandardCharsets.US_ASCII), true);
        compileHello(daemon, dir);
        Thread.sleep(500);
        baselineFds = daemon.openFileDescriptors();
        baselineThreads = daemon.osThreads();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty connection       | ''",
                "HTTP request           | GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                "garbage                | \\xff\\xfe\\x00\\x01garbage",
                "non-hex number         | DIST0000000gARGC00000001",
                "truncated token        | DIST0000",
                "lower-case token       | dist00000001",
                "wrong order            | ARGC00000001DIST00000001",
                "unknown version 4      | DIST00000004ARGC00000001",
                "version ffffffff       | DISTffffffffARGC00000001",
                "unknown jdistcc bit    | DIST6a640004ARGC00000001",
                "zero arguments         | DIST00000001ARGC00000000",
                "huge argument count    | DIST00000001ARGCffffffff",
                "over --max-args        | DIST00000001ARGC00000041",
                "huge argument length   | DIST00000001ARGC00000001ARGV7fffffff",
                "NUL in an argument     | DIST00000001ARGC00000001ARGV00000003g\\x00c",
                "argument past the end  | DIST00000001ARGC00000001ARGV00000010gcc",
                "missing source         | HEAD",
                "source token replaced  | HEADDOTO00000000",
                "over --max-source-size | HEADDOTI00200000",
                "huge source            | HEADDOTIffffffff",
                "truncated source       | HEADDOTI00000100int",
                "LZO garbage            | DIST00000002ARGC00000005ARGV00000003gccARGV00000002-cARGV00000003x.cARGV00000002-oARGV00000003x.oDOTI00000004abcd",
                "pump entry not a file  | DIST00000003CDIR00000001/ARGC00000001ARGV00000003gccNFIL00000001NAME00000004/a.hDOTI00000000",
                "pump name not absolute | DIST00000003CDIR00000001/ARGC00000001ARGV00000003gccNFIL00000001NAME00000003a.hFILE00000000",
                "pump entries past end  | DIST00000003CDIR00000001/ARGC00000001ARGV00000003gccNFIL00000002NAME00000004/a.hFILE00000000",
            })
    void closesWithoutReplyAndLogs(String description, String wire, RunningDaemon daemon) throws Exception {
        int linesBefore = daemon.logLines().size();

        byte[] received = sendAndAwaitClose(daemon, bytes(wire), true);

        assertEquals(0, received.length, "no reply bytes for " + description);
        awaitNewLine(daemon, linesBefore);
        assertTrue(daemon.isAlive());
    }

    @Order(2)
    @Test
    void slowlorisIsCutOffAtTheRequestDeadline(RunningDaemon daemon) throws Exception {
        int linesBefore = daemon.logLines().size();
        byte[] wire = (HEAD + "DOTI00000010").getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        boolean closedByDaemon = false;
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()), 5000);
            socket.setSoTimeout(1000);
            InputStream in = socket.getInputStream();
            for (int i = 0; i < wire.length && !closedByDaemon; i++) {
                try {
                    socket.getOutputStream().write(wire[i]);
                    socket.getOutputStream().flush();
                    closedByDaemon = in.read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open: one byte a second
                } catch (SocketException e) {
                    closedByDaemon = true;
                }
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(closedByDaemon, "the daemon kept a 1 byte/s client for " + seconds + " s");
        assertTrue(seconds <= 6, "cut off after " + seconds + " s with --request-timeout 3");
        String line = awaitNewLine(daemon, linesBefore);
        assertTrue(line.contains("outcome=request-timeout"), line);
    }

    @Order(2)
    @Test
    void aReplyNobodyReadsIsDroppedAtTheDeadline(RunningDaemon daemon) throws Exception {
        int linesBefore = daemon.logLines().size();
        Path source = dir.resolve("big.i");
        // A 32 MB object: more than the socket buffers hold while the client reads nothing.
        Files.writeString(source, "char big[32 << 20] = {1};\n");
        try (var socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()), 5000);
            var out = new java.io.BufferedOutputStream(socket.getOutputStream());
            MessageWriter.writeRequest(
                    out, new Request(ProtocolVersion.PLAIN, List.of("gcc", "-c", "big.c", "-o", "big.o")));
            MessageWriter.writePayload(out, Token.DOTI, Compression.NONE, new Payload.InFile(source));
            out.flush();

            String line = daemon.awaitLogAfter(linesBefore, l -> l.contains(" job "), Duration.ofSeconds(30));

            assertTrue(line.contains("outcome=io-error") && line.contains("reply not read within 3 s"), line);
        }
    }

    @Order(3)
    @Test
    void keepsServingAndLeaksNothing(RunningDaemon daemon) throws Exception {
        compileHello(daemon, dir);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int fds = daemon.openFileDescriptors();
        while (fds > baselineFds && System.nanoTime() < deadline) {
            Thread.sleep(100);
            fds = daemon.openFileDescriptors();
        }
        assertTrue(fds <= baselineFds, "file descriptors: " + baselineFds + " before, " + fds + " after");
        // Virtual threads have no OS thread; carriers and JIT threads may come and go a little.
        int threads = daemon.osThreads();
        assertTrue(threads <= baselineThreads + 4, "threads: " + baselineThreads + " before, " + threads + " after");
        assertEquals(List.of(), daemon.jobDirectories());
        assertEquals(List.of(), daemon.compilers());
    }

    private static void compileHello(RunningDaemon daemon, Path dir) throws IOException {
        RawClient.Outcome outcome = RawClient.compile(
                daemon.port(),
                ProtocolVersion.LZO,
                List.of("gcc", "-c", "hello.c", "-o", "hello.o"),
                RawClient.HELLO,
                dir);
        assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
    }

    /** Sends, closes our side, and returns what the daemon sent before it closed (bounded wait). */
    private static byte[] sendAndAwaitClose(RunningDaemon daemon, byte[] wire, boolean halfClose) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()), 5000);
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(wire);
                if (halfClose) {
                    socket.shutdownOutput();
                }
                return socket.getInputStream().readAllBytes();
            } catch (SocketException e) {
                return new byte[0]; // reset: closed without a reply
            }
        }
    }

    private static String awaitNewLine(RunningDaemon daemon, int linesBefore) throws InterruptedException {
        return daemon.awaitLogAfter(linesBefore, l -> l.contains(" job "), Duration.ofSeconds(10));
    }

    private static byte[] bytes(String wire) {
        String w = wire.strip().replace("HEAD", HEAD).replace("\\r", "\r").replace("\\n", "\n");
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < w.length(); i++) {
            if (w.startsWith("\\x", i)) {
                out.write(Integer.parseInt(w.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(w.charAt(i));
            }
        }
        return out.toByteArray();
    }
}
