package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.compilers.CompilerIdentities;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.net.SocketConnection;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.ServerInfo;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preprocessed source fed to gcc through a named pipe as it arrives ({@code InputPipe}): the compile
 * starts before the source is complete, and ends as a compile of a file would, whatever the client
 * and the compiler do in between.
 */
class StreamedInputTest {
    private static final ProtocolVersion CHUNKS_LZ4 =
            ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4 | ProtocolVersion.FEATURE_SOURCE_CHUNKS);

    @TempDir
    Path temp;

    Path jobs;
    byte[] text;

    @BeforeEach
    void preprocessedSource() throws Exception {
        jobs = Files.createDirectories(temp.resolve("jobs"));
        var source = new StringBuilder("# 1 \"big.c\"\n");
        for (int i = 0; i < 20_000; i++) {
            source.append("static int f")
                    .append(i)
                    .append("(int x) { return x * ")
                    .append(i)
                    .append("; }\n");
        }
        source.append("int sum(int x) { return f1(x) + f19999(x); }\n");
        text = source.toString().getBytes(StandardCharsets.UTF_8);
    }

    private ServingConfig config(boolean inputPipes) {
        return config(inputPipes, System.getenv("PATH"));
    }

    private ServingConfig config(boolean inputPipes, String path) {
        var locator = new CompilerLocator(path, temp.resolve("none"));
        var whitelist = new CompilerWhitelist(temp.resolve("none"), Set.of("gcc"), false);
        return new ServingConfig(
                Limits.DEFAULT,
                Duration.ofSeconds(60),
                Duration.ofSeconds(120),
                whitelist,
                locator,
                new CompilerRunner(locator.searchPath()),
                new Semaphore(1),
                new JobDirs(jobs),
                1 << 20,
                new DefaultSearchPaths(),
                FileCache.disabled(),
                new DaemonStats(new ServerInfo("test", "127.0.0.1", 0, 1, List.of("none"), List.of(), jobs)),
                new CompilerIdentities(whitelist, locator, System.getenv()),
                null,
                inputPipes);
    }

    private static Socket serveOne(ServingConfig config, ServerSocket server, List<Thread> job) throws IOException {
        var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept();
        job.add(Thread.ofVirtual().start(() -> {
            try (var connection = new SocketConnection(accepted)) {
                CompileJob.serve(config, connection, 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        client.setSoTimeout(60_000);
        return client;
    }

    private static void writeHeadAndLength(OutputStream out, int length) throws IOException {
        MessageWriter.writeRequest(
                out, new Request(ProtocolVersion.PLAIN, List.of("gcc", "-O2", "-c", "big.c", "-o", "big.o")));
        MessageWriter.writeNumber(out, Token.DOTI, length);
    }

    /** The job's input file, once it exists. */
    private Path input() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> dirs = Files.list(jobs)) {
                for (Path dir : dirs.toList()) {
                    Path input = dir.resolve("work/big.i");
                    if (Files.exists(input, LinkOption.NOFOLLOW_LINKS)) {
                        return input;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no job input appeared in " + jobs);
    }

    private static void awaitCompiler() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!compilerRuns()) {
            assertTrue(System.nanoTime() < deadline, "gcc runs with part of its source");
            Thread.sleep(10);
        }
    }

    private static boolean compilerRuns() {
        return ProcessHandle.current()
                .descendants()
                .anyMatch(p -> p.info().commandLine().orElse("").contains("big.i"));
    }

    private byte[] localObject() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("local"));
        Files.write(dir.resolve("big.i"), text);
        Process gcc = new ProcessBuilder("gcc", "-O2", "-c", "big.i", "-o", "big.o")
                .directory(dir.toFile())
                .inheritIO()
                .start();
        assertEquals(0, gcc.waitFor());
        return Files.readAllBytes(dir.resolve("big.o"));
    }

    @Test
    void theCompilerStartsBeforeTheSourceHasArrivedAndMakesTheObjectAFileWould() throws Exception {
        var job = new ArrayList<Thread>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = serveOne(config(true), server, job)) {
            OutputStream out = client.getOutputStream();
            writeHeadAndLength(out, text.length);
            int half = text.length / 2;
            out.write(text, 0, half);
            out.flush();

            Path input = input();
            assertTrue(
                    Files.readAttributes(input, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .isOther(),
                    "the input is a pipe");
            awaitCompiler();

            out.write(text, half, text.length - half);
            out.flush();
            Reply reply = new MessageReader(client.getInputStream(), Limits.DEFAULT)
                    .readReply(ProtocolVersion.PLAIN, temp.resolve("reply.o"), temp);
            assertEquals(0, reply.waitStatus(), new String(((Payload.Bytes) reply.stderr()).content()));
            assertArrayEquals(localObject(), Files.readAllBytes(temp.resolve("reply.o")));
        }
        job.getFirst().join(Duration.ofSeconds(10));
        try (var left = Files.list(jobs)) {
            assertEquals(List.of(), left.toList(), "job directories");
        }
    }

    @Test
    void aCompileErrorOnTheFirstLineComesBackWithItsStatus() throws Exception {
        byte[] broken = ("# 1 \"big.c\"\nthis is not C;\n" + new String(text, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        var job = new ArrayList<Thread>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = serveOne(config(true), server, job)) {
            OutputStream out = client.getOutputStream();
            writeHeadAndLength(out, broken.length);
            out.write(broken);
            out.flush();
            Reply reply = new MessageReader(client.getInputStream(), Limits.DEFAULT)
                    .readReply(ProtocolVersion.PLAIN, temp.resolve("reply.o"), temp);
            String stderr = new String(((Payload.Bytes) reply.stderr()).content(), StandardCharsets.UTF_8);
            assertEquals(1, reply.exitStatus(), stderr);
            assertTrue(stderr.contains("big.c:1:1: error"), stderr);
        }
        job.getFirst().join(Duration.ofSeconds(10));
        assertFalse(job.getFirst().isAlive());
    }

    @Test
    void aCompilerThatExitsWithoutReadingGetsNoWriteStuck() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path quitter = Files.writeString(
                bin.resolve("gcc"), "#!/bin/sh\ncase \"$*\" in *-v*) exit 0;; esac\necho gave up >&2\nexit 3\n");
        assertTrue(quitter.toFile().setExecutable(true));
        var job = new ArrayList<Thread>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = serveOne(config(true, bin + ":" + System.getenv("PATH")), server, job)) {
            OutputStream out = client.getOutputStream();
            writeHeadAndLength(out, text.length);
            out.write(text);
            out.flush();
            Reply reply = new MessageReader(client.getInputStream(), Limits.DEFAULT)
                    .readReply(ProtocolVersion.PLAIN, temp.resolve("reply.o"), temp);
            String stderr = new String(((Payload.Bytes) reply.stderr()).content(), StandardCharsets.UTF_8);
            assertEquals(3, reply.exitStatus(), stderr);
            assertEquals("gave up\n", stderr);
        }
        job.getFirst().join(Duration.ofSeconds(10));
        assertFalse(job.getFirst().isAlive());
    }

    @Test
    void aClientThatLeavesInTheMiddleOfItsSourceLeavesNoCompilerNorDirectory() throws Exception {
        var job = new ArrayList<Thread>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = serveOne(config(true), server, job)) {
            OutputStream out = client.getOutputStream();
            writeHeadAndLength(out, text.length);
            out.write(text, 0, text.length / 2);
            out.flush();
            input();
        }
        job.getFirst().join(Duration.ofSeconds(10));
        assertFalse(job.getFirst().isAlive(), "the job ended");
        assertFalse(compilerRuns(), "the compiler is dead");
        try (var left = Files.list(jobs)) {
            assertEquals(List.of(), left.toList(), "job directories");
        }
    }

    @Test
    void withoutPipesTheSourceIsAFileAndNothingRunsUntilItIsWhole() throws Exception {
        var job = new ArrayList<Thread>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = serveOne(config(false), server, job)) {
            OutputStream out = client.getOutputStream();
            writeHeadAndLength(out, text.length);
            out.write(text, 0, text.length / 2);
            out.flush();
            Path input = input();
            assertTrue(Files.isRegularFile(input, LinkOption.NOFOLLOW_LINKS), "the input is a file");
            Thread.sleep(200);
            assertFalse(compilerRuns(), "no compiler before the whole source");
            out.write(text, text.length / 2, text.length - text.length / 2);
            out.flush();
            Reply reply = new MessageReader(client.getInputStream(), Limits.DEFAULT)
                    .readReply(ProtocolVersion.PLAIN, temp.resolve("reply.o"), temp);
            assertEquals(0, reply.waitStatus());
            assertArrayEquals(localObject(), Files.readAllBytes(temp.resolve("reply.o")));
        }
        job.getFirst().join(Duration.ofSeconds(10));
    }

    @Test
    void aSourceInLz4ChunksIsCompiledAsItArrives() throws Exception {
        var job = new ArrayList<Thread>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = serveOne(config(true), server, job)) {
            OutputStream out = client.getOutputStream();
            MessageWriter.writeRequest(
                    out, new Request(CHUNKS_LZ4, List.of("gcc", "-O2", "-c", "big.c", "-o", "big.o")));
            int chunk = 100_000;
            for (int at = 0; at < text.length; at += chunk) {
                byte[] part = Arrays.copyOfRange(text, at, Math.min(text.length, at + chunk));
                MessageWriter.writeChunk(out, Token.DOTI, Compression.LZ4, part, part.length);
                out.flush();
                if (at == 0) {
                    input();
                    awaitCompiler();
                }
            }
            MessageWriter.writeChunkEnd(out, Token.DOTI);
            out.flush();
            Reply reply = new MessageReader(client.getInputStream(), Limits.DEFAULT)
                    .readReply(CHUNKS_LZ4, temp.resolve("reply.o"), temp);
            assertEquals(0, reply.waitStatus(), new String(((Payload.Bytes) reply.stderr()).content()));
            assertArrayEquals(localObject(), Files.readAllBytes(temp.resolve("reply.o")));
        }
        job.getFirst().join(Duration.ofSeconds(10));
    }
}
