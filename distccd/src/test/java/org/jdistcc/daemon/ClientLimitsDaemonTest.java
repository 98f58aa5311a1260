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
import java.util.concurrent.TimeUnit;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --max-jobs-per-client and --max-bytes-per-minute on a real daemon, with two clients on two
 * loopback addresses (127.0.0.2 and 127.0.0.3: all of 127/8 is the loopback on Linux): the client
 * over its limit is answered 114 (distcc's EXIT_BUSY) with the reason, the other is served; and
 * Debian's distcc client, answered 114, builds the file locally.
 */
class ClientLimitsDaemonTest {
    private static final InetAddress A = InetAddress.ofLiteral("127.0.0.2");
    private static final InetAddress B = InetAddress.ofLiteral("127.0.0.3");
    private static final List<String> HELLO_ARGV = List.of("gcc", "-c", "hello.c", "-o", "hello.o");

    @TempDir
    Path dir;

    @Test
    void aClientWithTooManyJobsOpenIsAnsweredBusyWhileOthersAreServed() throws Exception {
        RunningDaemon daemon = DaemonSetup.ours()
                .args("--allow", "127.0.0.0/8", "--max-jobs-per-client", "1")
                .start();
        try {
            var held = new Socket();
            // A's first job: a request begun and not finished holds its place. The listener admits
            // connections in the order it accepts them, so A's next one comes after it.
            held.bind(new InetSocketAddress(A, 0));
            held.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()), 5000);
            var out = new BufferedOutputStream(held.getOutputStream());
            MessageWriter.writeRequest(out, new Request(ProtocolVersion.PLAIN, HELLO_ARGV));
            out.flush();

            RawClient.Outcome second = RawClient.compile(
                    A, daemon.port(), ProtocolVersion.PLAIN, HELLO_ARGV, RawClient.HELLO, subdir("a"));
            RawClient.Outcome other = RawClient.compile(
                    B, daemon.port(), ProtocolVersion.PLAIN, HELLO_ARGV, RawClient.HELLO, subdir("b"));

            assertEquals(114, second.exitCode(), second.stderr());
            assertTrue(
                    second.stderr().contains("127.0.0.2 already has 1 jobs open (--max-jobs-per-client 1)"),
                    second.stderr());
            assertEquals(0, other.reply().waitStatus(), other.stderr());
            daemon.awaitLog(
                    l -> l.contains("client=127.0.0.2") && l.contains("outcome=client-over-limit"),
                    Duration.ofSeconds(5));

            held.close();
            daemon.awaitLog(
                    l -> l.contains("client=127.0.0.2") && l.contains("outcome=protocol-error"),
                    Duration.ofSeconds(10));
            assertEquals(0, compileUntilAdmitted(daemon, A), "A's first job is over: A is served again");
        } finally {
            daemon.close();
        }
    }

    /**
     * The job's log line comes just before its connection's place is given back: a few tries, 100 ms
     * apart, bridge that.
     */
    private int compileUntilAdmitted(RunningDaemon daemon, InetAddress from) throws Exception {
        RawClient.Outcome outcome = null;
        for (int i = 0; i < 20; i++) {
            outcome = RawClient.compile(
                    from, daemon.port(), ProtocolVersion.PLAIN, HELLO_ARGV, RawClient.HELLO, subdir("try" + i));
            if (outcome.exitCode() != 114) {
                break;
            }
            Thread.sleep(100);
        }
        return outcome.reply().waitStatus();
    }

    private Path subdir(String name) throws java.io.IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    @Test
    void aClientThatSentTooMuchThisMinuteIsAnsweredBusyWhileOthersAreServed() throws Exception {
        RunningDaemon daemon = DaemonSetup.ours()
                .args("--allow", "127.0.0.0/8", "--max-bytes-per-minute", "8K")
                .start();
        try {
            String big = RawClient.HELLO + "/*" + "x".repeat(10_000) + "*/\n";
            RawClient.Outcome first =
                    RawClient.compile(A, daemon.port(), ProtocolVersion.PLAIN, HELLO_ARGV, big, subdir("first"));
            awaitJobLogged(daemon, 1);
            RawClient.Outcome second = RawClient.compile(
                    A, daemon.port(), ProtocolVersion.PLAIN, HELLO_ARGV, RawClient.HELLO, subdir("second"));
            RawClient.Outcome other = RawClient.compile(
                    B, daemon.port(), ProtocolVersion.PLAIN, HELLO_ARGV, RawClient.HELLO, subdir("other"));

            assertEquals(0, first.reply().waitStatus(), "the first request is admitted whatever its size");
            assertEquals(114, second.exitCode(), second.stderr());
            assertTrue(second.stderr().contains("(--max-bytes-per-minute 8192)"), second.stderr());
            assertEquals(0, other.reply().waitStatus(), other.stderr());
        } finally {
            daemon.close();
        }
    }

    @Test
    void debiansClientAnsweredBusyCompilesLocally() throws Exception {
        Path distcc = Path.of("/usr/bin/distcc");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(distcc), "Debian's distcc is not installed");
        RunningDaemon daemon =
                DaemonSetup.ours().args("--max-bytes-per-minute", "1K").start();
        try {
            // A string, which the client's preprocessor keeps (a comment it would drop).
            Files.writeString(
                    dir.resolve("hello.c"), RawClient.HELLO + "const char pad[] = \"" + "x".repeat(2000) + "\";\n");
            var env = List.of("DISTCC_HOSTS=127.0.0.1:" + daemon.port(), "DISTCC_DIR=" + subdir("distcc-dir"));
            assertEquals(0, runDistcc(distcc, env, "one.o"), "the first compile is served");
            awaitJobLogged(daemon, 1);
            assertEquals(0, runDistcc(distcc, env, "two.o"), "over the limit, the client builds locally");

            assertTrue(Files.size(dir.resolve("two.o")) > 0);
            daemon.awaitLog(l -> l.contains("outcome=client-over-limit"), Duration.ofSeconds(5));
            String client = Files.readString(dir.resolve("two.o.log"));
            assertTrue(client.contains("retrying locally") || client.contains("running locally instead"), client);
        } finally {
            daemon.close();
        }
    }

    private int runDistcc(Path distcc, List<String> env, String object) throws Exception {
        var builder = new ProcessBuilder(distcc.toString(), "gcc", "-c", "hello.c", "-o", object)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(object + ".log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DISTCC_"));
        for (String entry : env) {
            builder.environment().put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
        }
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "distcc did not finish");
        return process.exitValue();
    }

    /** Bytes are counted when a connection closes: wait for the job's log line. */
    private static void awaitJobLogged(RunningDaemon daemon, int number) throws InterruptedException {
        daemon.awaitLog(l -> l.contains("job " + number + " "), Duration.ofSeconds(10));
    }
}
