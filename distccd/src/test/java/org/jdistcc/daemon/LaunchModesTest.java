package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;
import org.jdistcc.testing.Distccd;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ways distccd is started besides --no-detach: --inetd (ssh, inetd) and detaching. */
class LaunchModesTest {
    @TempDir
    Path dir;

    private final List<ProcessHandle> started = new ArrayList<>();
    private final List<Path> bases = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (ProcessHandle p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (ProcessHandle p : started) {
            p.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
        bases.forEach(SharedDirectory::deleteTree);
    }

    @Test
    void inetdServesOneClientOnStdinAndStdout() throws Exception {
        Path base = SharedDirectory.create("jdistccd-test-");
        bases.add(base);
        Path log = base.resolve("daemon.log");
        var builder = new ProcessBuilder(Distccd.ours(List.of("--inetd", "--log-file", log.toString())))
                .redirectError(base.resolve("stderr").toFile());
        builder.environment().put("TMPDIR", base.toString());
        Process daemon = builder.start();
        started.add(daemon.toHandle());
        Path source = dir.resolve("hello.i");
        Files.writeString(source, RawClient.HELLO);

        var out = new BufferedOutputStream(daemon.getOutputStream());
        MessageWriter.writeRequest(
                out, new Request(ProtocolVersion.LZO, List.of("gcc", "-c", "hello.c", "-o", "hello.o")));
        MessageWriter.writePayload(out, Token.DOTI, ProtocolVersion.LZO.compression(), new Payload.InFile(source));
        out.flush();
        RawClient.Outcome outcome = RawClient.readReply(daemon.getInputStream(), ProtocolVersion.LZO, dir);
        out.close();

        assertEquals(0, outcome.reply().waitStatus(), outcome.stderr() + Files.readString(base.resolve("stderr")));
        assertTrue(Files.size(dir.resolve("reply.o")) > 0);
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "the inetd daemon did not exit after its client");
        assertEquals(0, daemon.exitValue());
        assertTrue(Files.readString(log).contains("client=stdin"), Files.readString(log));
    }

    @Test
    void daemonModeDetachesAndKeepsServing() throws Exception {
        Path base = SharedDirectory.create("jdistccd-test-");
        bases.add(base);
        Path tmp = Files.createDirectory(base.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = FreePort.find();
        Path pidFile = base.resolve("daemon.pid");
        var builder = new ProcessBuilder(Distccd.ours(List.of(
                        "--daemon",
                        "--listen",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--allow",
                        "127.0.0.1",
                        "--pid-file",
                        pidFile.toString(),
                        "--log-file",
                        base.resolve("daemon.log").toString())))
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("launcher.out").toFile());
        builder.environment().put("TMPDIR", tmp.toString());
        Process launcher = builder.start();
        started.add(launcher.toHandle());

        assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "the launching process did not return");
        assertEquals(0, launcher.exitValue(), Files.readString(base.resolve("launcher.out")));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle detached = ProcessHandle.of(pid).orElseThrow();
        started.add(detached);
        assertTrue(detached.parent().map(p -> p.pid() != launcher.pid()).orElse(true));

        RawClient.Outcome outcome = RawClient.compile(
                port, ProtocolVersion.PLAIN, List.of("gcc", "-c", "hello.c", "-o", "hello.o"), RawClient.HELLO, dir);
        assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());

        detached.destroy();
        assertTrue(detached.onExit().get(15, TimeUnit.SECONDS) != null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(pidFile) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.notExists(pidFile), "the pid file outlived the daemon");
    }
}
