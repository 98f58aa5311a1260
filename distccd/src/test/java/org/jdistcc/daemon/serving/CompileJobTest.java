package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.compilers.CompilerIdentities;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.net.SocketConnection;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.ServerInfo;
import org.jdistcc.daemon.status.StatsServer;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Need;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@link CompileJob} chain on a loopback socket, in-process, with a compiler ({@code gcc} on
 * the compiler path) that never finishes: what every dialect shares while a compile runs.
 */
class CompileJobTest {
    @TempDir
    Path temp;

    Path project;
    Path jobs;
    DaemonStats stats;

    @BeforeEach
    void hangingCompiler() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        // Answers source mode's include-path probe (-v), then hangs like a compile that never ends.
        Path sleeper =
                Files.writeString(bin.resolve("gcc"), "#!/bin/sh\ncase \"$*\" in *-v*) exit 0;; esac\nexec sleep 30\n");
        assertTrue(sleeper.toFile().setExecutable(true));
        project = Files.createDirectories(temp.resolve("project"));
        jobs = Files.createDirectories(temp.resolve("jobs"));
        stats = new DaemonStats(new ServerInfo("test", "127.0.0.1", 0, 1, List.of("none"), List.of(), jobs));
    }

    private ServingConfig config(Duration jobLifetime) {
        var locator = new CompilerLocator(temp.resolve("bin") + ":" + System.getenv("PATH"), temp.resolve("none"));
        return new ServingConfig(
                Limits.DEFAULT,
                Duration.ofSeconds(30),
                jobLifetime,
                new CompilerWhitelist(temp.resolve("none"), Set.of("gcc"), false),
                locator,
                new CompilerRunner(locator.searchPath()),
                new Semaphore(1),
                new JobDirs(jobs),
                1 << 20,
                new DefaultSearchPaths(),
                FileCache.disabled(),
                stats,
                new CompilerIdentities(
                        new CompilerWhitelist(temp.resolve("none"), Set.of("gcc"), false), locator, System.getenv()),
                null);
    }

    /** Serves one connection on a virtual thread; the caller talks to the daemon through the returned socket. */
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
        client.setSoTimeout(30_000);
        return client;
    }

    @Test
    void aSourceModeCompilePastTheJobLifetimeIsKilledAndTheClientToldWith118() throws Exception {
        Path source = Files.writeString(project.resolve("slow.c"), "int x;\n");
        var job = new java.util.ArrayList<Thread>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = serveOne(config(Duration.ofMillis(300)), server, job)) {
            long start = System.nanoTime();
            var out = new BufferedOutputStream(client.getOutputStream());
            out.write(SourceRequests.lackingAll(
                    new Request(SourceRequests.SOURCES, project.toString(), List.of("gcc", "-c", "slow.c")),
                    List.of(),
                    List.of(SourceRequests.file(source))));
            out.flush();
            var reader = new MessageReader(client.getInputStream(), Limits.DEFAULT);
            assertTrue(
                    reader.readNeedOrReply(SourceRequests.SOURCES, 1, temp.resolve("reply.o"), temp) instanceof Need);
            Reply reply = reader.readReply(SourceRequests.SOURCES, temp.resolve("reply.o"), temp);
            long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

            String stderr = new String(((Payload.Bytes) reply.stderr()).content(), StandardCharsets.UTF_8);
            assertEquals(118, reply.exitStatus(), stderr);
            assertTrue(stderr.contains("compile of 'slow.c' exceeded --job-lifetime"), stderr);
            assertTrue(elapsedMs < 10_000, "answered after " + elapsedMs + " ms");
        }
        job.getFirst().join(Duration.ofSeconds(10));
        assertTrue(
                ProcessHandle.current()
                        .descendants()
                        .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 30")),
                "the compiler is dead");
        try (var left = Files.list(jobs)) {
            assertEquals(List.of(), left.toList(), "job directories");
        }
    }

    @Test
    void statusShowsTheReceivedSourceSizeWhileItCompiles() throws Exception {
        Path source = Files.writeString(project.resolve("hello.i"), "int x;\n".repeat(100));
        var job = new java.util.ArrayList<Thread>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var statsServer = StatsServer.start(
                        new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), a -> true, stats);
                var client = serveOne(config(Duration.ZERO), server, job)) {
            var out = new BufferedOutputStream(client.getOutputStream());
            MessageWriter.writeRequest(
                    out, new Request(ProtocolVersion.PLAIN, List.of("gcc", "-c", "hello.c", "-o", "hello.o")));
            MessageWriter.writePayload(
                    out, Token.DOTI, ProtocolVersion.PLAIN.compression(), new Payload.InFile(source));
            out.flush();

            var http = HttpClient.newHttpClient();
            var status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsServer.port() + "/status"))
                    .build();
            String body = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!body.contains("\"size\":700,") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                body = http.send(status, HttpResponse.BodyHandlers.ofString()).body();
            }
            assertTrue(body.contains("\"source\":\"hello.c\",\"size\":700,\"compiler\":\"gcc\""), body);
        }
        // The client left: the job kills its compiler and ends.
        job.getFirst().join(Duration.ofSeconds(10));
        assertTrue(ProcessHandle.current()
                .descendants()
                .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 30")));
    }
}
