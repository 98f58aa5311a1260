package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdistcc.daemon.launch.SyslogReceiver;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;
import org.jdistcc.testing.Distccd;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.SharedDirectory;
import org.jdistcc.testing.TestClasspath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a real daemon's log goes: syslog when detached or under {@code --inetd} without a log file
 * (a syslog socket this test binds stands for {@code /dev/log}), and no start at all when the log
 * file cannot be written by the user the daemon runs as.
 */
class LogDestinationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path base;
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeEach
    void shared() throws IOException {
        base = SharedDirectory.create("jdistccd-test-");
    }

    @AfterEach
    void killLeftovers() {
        for (ProcessHandle p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
        SharedDirectory.deleteTree(base);
    }

    @Test
    void aDetachedDaemonWithoutLogFileLogsToSyslogAsDistccd() throws Exception {
        try (var syslog = SyslogReceiver.bind(base.resolve("log.sock"))) {
            int port = FreePort.find();
            Path pidFile = base.resolve("daemon.pid");
            Process launcher = start(
                    "--daemon",
                    "--listen",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--allow",
                    "127.0.0.1",
                    "--pid-file",
                    pidFile.toString(),
                    "--syslog-socket",
                    syslog.path().toString());
            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launching process did not return");
            assertEquals(0, launcher.exitValue(), output());
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            started.add(ProcessHandle.of(pid).orElseThrow());

            // <30>: facility daemon (3), severity info (6); glibc's openlog("distccd", LOG_PID, LOG_DAEMON).
            String listening = syslog.await(m -> m.contains("listening on 127.0.0.1:" + port), WAIT);
            assertTrue(
                    listening.matches("<30>[A-Z][a-z]{2} [ 123][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} distccd\\[" + pid
                            + "\\]: listening on .*"),
                    listening);
            RawClient.Outcome outcome = RawClient.compile(
                    port,
                    ProtocolVersion.PLAIN,
                    List.of("gcc", "-c", "hello.c", "-o", "hello.o"),
                    RawClient.HELLO,
                    dir);
            assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
            // (job 1 is the launcher's probe for the listening port)
            syslog.await(
                    m -> m.contains("distccd[" + pid + "]: job ") && m.contains("source=hello.c outcome=ok"), WAIT);
        }
    }

    @Test
    void anInetdDaemonWithoutLogFileLogsToSyslogNotToItsClientsStderr() throws Exception {
        try (var syslog = SyslogReceiver.bind(base.resolve("log.sock"))) {
            Process daemon =
                    startPiped("--inetd", "--syslog-socket", syslog.path().toString());
            Path source = dir.resolve("hello.i");
            Files.writeString(source, RawClient.HELLO);
            var out = new BufferedOutputStream(daemon.getOutputStream());
            MessageWriter.writeRequest(
                    out, new Request(ProtocolVersion.PLAIN, List.of("gcc", "-c", "hello.c", "-o", "hello.o")));
            MessageWriter.writePayload(
                    out, Token.DOTI, ProtocolVersion.PLAIN.compression(), new Payload.InFile(source));
            out.flush();
            RawClient.Outcome outcome = RawClient.readReply(daemon.getInputStream(), ProtocolVersion.PLAIN, dir);
            out.close();
            assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "the inetd daemon did not exit after its client");

            syslog.await(m -> m.contains("job 1 client=stdin") && m.contains("outcome=ok"), WAIT);
            assertEquals("", Files.readString(base.resolve("stderr")));
        }
    }

    @Test
    void detachingWithNoSyslogListeningSaysTheLogIsLost() throws Exception {
        int port = FreePort.find();
        Path pidFile = base.resolve("daemon.pid");
        Process launcher = start(
                "--daemon",
                "--listen",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--allow",
                "127.0.0.1",
                "--pid-file",
                pidFile.toString(),
                "--syslog-socket",
                base.resolve("nobody-listens").toString());
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launching process did not return");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(started::add);
        }
        assertEquals(0, launcher.exitValue(), output());
        String said = output();
        assertTrue(said.contains("its log is lost (give --log-file)") && said.contains("nobody-listens"), said);
    }

    @Test
    void aLogFileThatCannotBeWrittenStopsTheDaemonAtStart() throws Exception {
        Path readOnly = Files.createDirectory(base.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path log = readOnly.resolve("daemon.log");
        for (String mode : List.of("--no-detach", "--daemon")) {
            Process daemon = start(
                    mode,
                    "--listen",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(FreePort.find()),
                    "--allow",
                    "127.0.0.1",
                    "--log-file",
                    log.toString());
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), mode + ": the daemon started anyway");
            String said = output();
            assertEquals(107, daemon.exitValue(), mode + ": " + said);
            assertTrue(said.contains("distccd: ERROR: cannot write --log-file " + log), said);
            assertTrue(said.contains("Permission denied"), said);
        }
    }

    @Test
    void asRootALogFileOnlyRootCouldWriteStopsTheDaemonRunningAsNobody() throws Exception {
        Assumptions.assumeTrue(TestClasspath.runningAsRoot(), "leaving root is tested as root");
        Path rootsOnly = Files.createDirectory(base.resolve("roots-only"));
        Files.setPosixFilePermissions(rootsOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = rootsOnly.resolve("daemon.log");
        Process daemon = start(
                "--no-detach",
                "--listen",
                "127.0.0.1",
                "--port",
                Integer.toString(FreePort.find()),
                "--allow",
                "127.0.0.1",
                "--log-file",
                log.toString());
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon started anyway");
        String said = output();
        assertEquals(107, daemon.exitValue(), said);
        assertTrue(said.contains("cannot write --log-file " + log + " (Permission denied) as user nobody"), said);
        assertFalse(Files.exists(log), "root created the log file for the daemon");
    }

    /** The daemon (as {@code nobody} when root) with stdout and stderr to files in the shared directory. */
    private Process start(String... args) throws IOException {
        return start(new ProcessBuilder(Distccd.ours(List.of(args)))
                .redirectOutput(base.resolve("stdout").toFile()));
    }

    /** As {@link #start}, with stdin and stdout pipes to this test. */
    private Process startPiped(String... args) throws IOException {
        return start(new ProcessBuilder(Distccd.ours(List.of(args))));
    }

    private Process start(ProcessBuilder builder) throws IOException {
        builder.redirectError(base.resolve("stderr").toFile());
        Path tmp = base.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            Files.createDirectory(tmp);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        builder.environment().put("TMPDIR", tmp.toString());
        Process process = builder.start();
        started.add(process.toHandle());
        return process;
    }

    private String output() throws IOException {
        Path stdout = base.resolve("stdout");
        return (Files.exists(stdout) ? Files.readString(stdout) : "") + Files.readString(base.resolve("stderr"));
    }
}
