package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.net.SocketConnection;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.ServerInfo;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.SourceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source-mode job through the whole {@link CompileJob} chain on a loopback socket, with a compiler
 * that never finishes: it is killed at {@code --job-lifetime} and the client gets distcc's timeout
 * status, as for preprocessed input.
 */
class SourceModeJobLifetimeTest {
    @TempDir
    Path temp;

    @Test
    void aCompilerPastTheJobLifetimeIsKilledAndTheClientToldWith118() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        // Answers the include-path probe (-v), then hangs like a compile that never ends.
        Path sleeper =
                Files.writeString(bin.resolve("gcc"), "#!/bin/sh\ncase \"$*\" in *-v*) exit 0;; esac\nexec sleep 30\n");
        assertTrue(sleeper.toFile().setExecutable(true));
        Path project = Files.createDirectories(temp.resolve("project"));
        Path source = Files.writeString(project.resolve("slow.c"), "int x;\n");
        Path jobs = Files.createDirectories(temp.resolve("jobs"));
        var locator = new CompilerLocator(bin + ":" + System.getenv("PATH"), temp.resolve("no-whitelist"));
        var config = new ServingConfig(
                Limits.DEFAULT,
                Duration.ofSeconds(30),
                Duration.ofMillis(300),
                new CompilerWhitelist(temp.resolve("no-whitelist"), Set.of("gcc"), false),
                locator,
                new CompilerRunner(locator.searchPath()),
                new Semaphore(1),
                new JobDirs(jobs),
                1 << 20,
                new DefaultSearchPaths(),
                new DaemonStats(new ServerInfo("test", "127.0.0.1", 0, 1, List.of("none"), List.of(), jobs)));

        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                var accepted = server.accept()) {
            Thread job = Thread.ofVirtual().start(() -> {
                try (var connection = new SocketConnection(accepted)) {
                    CompileJob.serve(config, connection, 1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long start = System.nanoTime();
            var out = new BufferedOutputStream(client.getOutputStream());
            List<String> argv = List.of("gcc", "-c", "slow.c");
            MessageWriter.writeRequest(
                    out,
                    new Request(
                            SourceDialectTest.SOURCES,
                            project.toString(),
                            CompilerCommand.parse(argv).sourceModeCommand()));
            MessageWriter.writeEnvironment(out, List.of());
            MessageWriter.writeSourceEntries(
                    out,
                    SourceDialectTest.SOURCES.compression(),
                    List.of(new SourceEntry.File(source.toString(), 0, new Payload.InFile(source))));
            out.flush();
            client.setSoTimeout(30_000);
            Reply reply = new MessageReader(client.getInputStream(), Limits.DEFAULT)
                    .readReply(SourceDialectTest.SOURCES, temp.resolve("reply.o"), temp);
            long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

            String stderr = new String(((Payload.Bytes) reply.stderr()).content(), StandardCharsets.UTF_8);
            assertEquals(118, reply.exitStatus(), stderr);
            assertTrue(stderr.contains("exceeded --job-lifetime"), stderr);
            assertTrue(elapsedMs < 10_000, "answered after " + elapsedMs + " ms");
            job.join(Duration.ofSeconds(10));
            assertTrue(
                    ProcessHandle.current()
                            .descendants()
                            .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 30")),
                    "the compiler is dead");
            try (var left = Files.list(jobs)) {
                assertEquals(List.of(), left.toList(), "job directories");
            }
        }
    }
}
