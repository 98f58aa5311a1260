package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles that take long: a client that leaves, and a compile past --job-lifetime. */
@WithDaemon(args = {"--job-lifetime", "4"})
class SlowCompileTest {
    /** About 10 s of constexpr evaluation in cc1plus, from a few hundred bytes of source. */
    static final String SLOW_SOURCE = """
            constexpr long spin(long n) { long s = 0; for (long i = 0; i < n; i++) { s += i % 7; } return s; }
            constexpr long value = spin(4000000);
            long get() { return value; }
            """;

    static final List<String> SLOW_ARGV = List.of(
            "g++",
            "-fconstexpr-loop-limit=2000000000",
            "-fconstexpr-ops-limit=100000000000",
            "-c",
            "slow.cpp",
            "-o",
            "slow.o");

    @TempDir
    Path dir;

    @Test
    void clientDisconnectKillsTheCompilerAndRemovesTheJob(RunningDaemon daemon) throws Exception {
        Path source = dir.resolve("slow.ii");
        Files.writeString(source, SLOW_SOURCE);
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()), 5000);
            var out = new BufferedOutputStream(socket.getOutputStream());
            MessageWriter.writeRequest(out, new Request(ProtocolVersion.LZO, SLOW_ARGV));
            MessageWriter.writePayload(out, Token.DOTI, ProtocolVersion.LZO.compression(), new Payload.InFile(source));
            out.flush();
            awaitCompiler(daemon, "cc1plus");
            assertEquals(1, daemon.jobDirectories().size());
        }
        long closed = System.nanoTime();

        awaitNoCompiler(daemon);
        long killedMs = Duration.ofNanos(System.nanoTime() - closed).toMillis();
        assertTrue(killedMs < 2000, "compiler still ran " + killedMs + " ms after the client left");
        daemon.awaitLog(l -> l.contains("outcome=client-disconnected"), Duration.ofSeconds(5));
        assertEquals(List.of(), daemon.jobDirectories());
    }

    /**
     * As distcc 3.4's {@code --nice} (default 5): the whole daemon runs at the lowered priority,
     * and so do the compilers it starts (and their sandbox), with no {@code nice} process per job.
     * The compilers hold only /dev/null and files of their job.
     */
    @Test
    void theDaemonAndItsCompilersRunAtTheLoweredPriorityWithOnlyTheirOwnFiles(RunningDaemon daemon) throws Exception {
        int expected = Math.min(19, niceOf(Path.of("/proc/self/stat")) + 5);
        Path source = dir.resolve("slow.ii");
        Files.writeString(source, SLOW_SOURCE);
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()), 5000);
            var out = new BufferedOutputStream(socket.getOutputStream());
            MessageWriter.writeRequest(out, new Request(ProtocolVersion.PLAIN, SLOW_ARGV));
            MessageWriter.writePayload(
                    out, Token.DOTI, ProtocolVersion.PLAIN.compression(), new Payload.InFile(source));
            out.flush();
            awaitCompiler(daemon, "cc1plus");

            for (ProcessHandle compiler : daemon.compilers()) {
                String name = compiler.info().command().orElse("?");
                assertEquals(expected, niceOf(Path.of("/proc", Long.toString(compiler.pid()), "stat")), name);
                // posix_spawn with closefrom(3): none of the daemon's sockets, pipes or files. The
                // sandbox (bwrap) makes its own signalfd and eventfd to watch its child.
                boolean sandbox = name.endsWith("/bwrap") || name.endsWith("/distccd-sandbox");
                try (var fds = Files.list(Path.of("/proc", Long.toString(compiler.pid()), "fd"))) {
                    for (Path fd : fds.toList()) {
                        String target = Files.readSymbolicLink(fd).toString();
                        assertTrue(
                                target.equals("/dev/null")
                                        || target.contains("/jdistccd_")
                                        || (sandbox && target.startsWith("anon_inode:")),
                                name + " inherited fd " + fd.getFileName() + " -> " + target);
                    }
                }
            }
            Path tasks = Path.of("/proc", Long.toString(daemon.servingProcess().pid()), "task");
            try (var threads = Files.list(tasks)) {
                for (Path thread : threads.toList()) {
                    assertEquals(expected, niceOf(thread.resolve("stat")), "daemon thread " + thread);
                }
            }
        }
        awaitNoCompiler(daemon);
    }

    @Test
    void compilePastTheJobLifetimeIsKilledWithStatus118(RunningDaemon daemon) throws Exception {
        long start = System.nanoTime();

        RawClient.Outcome outcome =
                RawClient.compile(daemon.port(), ProtocolVersion.PLAIN, SLOW_ARGV, SLOW_SOURCE, dir);

        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertEquals(118 << 8, outcome.reply().waitStatus(), outcome.stderr());
        assertTrue(outcome.stderr().contains("--job-lifetime"), outcome.stderr());
        assertTrue(seconds < 8, "answered after " + seconds + " s");
        awaitNoCompiler(daemon);
        daemon.awaitLog(l -> l.contains("outcome=job-lifetime-exceeded"), Duration.ofSeconds(5));
        assertEquals(List.of(), daemon.jobDirectories());
    }

    /** Field 19 of a stat line; the command name before it may hold spaces. */
    private static int niceOf(Path stat) throws java.io.IOException {
        String line = Files.readString(stat);
        return Integer.parseInt(line.substring(line.lastIndexOf(')') + 2).split(" ", -1)[16]);
    }

    private static void awaitCompiler(RunningDaemon daemon, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (daemon.compilers().stream()
                    .anyMatch(p -> p.info().command().orElse("").endsWith(name))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never started; log:\n" + daemon.log());
    }

    private static void awaitNoCompiler(RunningDaemon daemon) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && !daemon.compilers().isEmpty()) {
            Thread.sleep(20);
        }
        assertEquals(
                List.of(),
                daemon.compilers().stream()
                        .map(p -> p.info().command().orElse("?"))
                        .toList());
    }
}
