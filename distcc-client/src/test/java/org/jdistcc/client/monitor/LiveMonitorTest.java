package org.jdistcc.client.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jdistcc.testing.ClientProcess;
import org.jdistcc.testing.FakeVolunteer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real client process, seen by distccmon-text in the phase it is stuck in, and its state cleaned up. */
class LiveMonitorTest {
    @TempDir
    Path dir;

    Path distccDir;

    @BeforeEach
    void source() throws Exception {
        distccDir = dir.resolve("distcc");
        Files.writeString(dir.resolve("hello.c"), "int main(void) { return 0; }\n");
    }

    Map<String, String> env(int port) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DISTCC_DIR", distccDir.toString());
        env.put("DISTCC_HOSTS", "127.0.0.1:" + port + "/1");
        env.put("DISTCC_IO_TIMEOUT", "60");
        env.put("DISTCC_BINSTATE", "1");
        env.remove("DISTCC_VERBOSE");
        env.remove("DISTCC_LOG");
        return env;
    }

    String monitor() {
        var out = new ByteArrayOutputStream();
        int status = MonitorMain.run(
                List.of(),
                Map.of("DISTCC_DIR", distccDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                Clock.systemUTC(),
                false);
        assertEquals(0, status);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Polls distccmon-text (at most 30 s) until a line satisfies {@code wanted}. */
    String awaitLine(ClientProcess client, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            last = monitor();
            for (String line : last.lines().toList()) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!client.process().isAlive()) {
                fail("client exited early: " + client.output());
            }
            Thread.sleep(50);
        }
        return fail("never saw the expected line; last output:\n" + last + "client output:\n" + client.output());
    }

    boolean stateLeft(long pid) {
        return Files.exists(distccDir.resolve("state/jdistcc_" + pid))
                || Files.exists(distccDir.resolve("state/binstate_" + pid));
    }

    @Test
    @SuppressWarnings("try") // the volunteer is closed early, on purpose, to make the client fall back
    void showsTheCompilePhaseWhileTheVolunteerIsSilentAndCleansUpAtExit() throws Exception {
        try (var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.SILENT);
                var client = ClientProcess.start(dir, env(volunteer.port()), "gcc", "-c", "hello.c", "-o", "hello.o")) {
            String line = awaitLine(client, l -> l.contains("Compile"));
            assertTrue(line.startsWith(String.format("%6d  Compile     hello.c ", client.pid())), line);
            assertTrue(line.contains("127.0.0.1:" + volunteer.port() + "[0]"), line);
            assertTrue(stateLeft(client.pid()));
            volunteer.close(); // the client falls back to compiling here
            assertEquals(0, client.waitFor(Duration.ofSeconds(60)), client.output());
            assertTrue(Files.exists(dir.resolve("hello.o")));
            assertFalse(stateLeft(client.pid()), "state file left after a normal exit");
            assertTrue(monitor().contains("-- 0 running, 1 finished in the last minute"));
        }
    }

    @Test
    void showsABlockedClientAndCleansUpAfterSigterm() throws Exception {
        try (var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.SILENT)) {
            // Hold the only slot of the volunteer, as another client would.
            Path lockDir = Files.createDirectories(distccDir.resolve("lock"));
            Path slotFile = lockDir.resolve("cpu_tcp_127.0.0.1_" + volunteer.port() + "_0");
            try (FileChannel ch = FileChannel.open(slotFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = ch.lock();
                    var client =
                            ClientProcess.start(dir, env(volunteer.port()), "gcc", "-c", "hello.c", "-o", "hello.o")) {
                String line = awaitLine(client, l -> l.contains("Blocked"));
                assertTrue(line.startsWith(String.format("%6d  Blocked     hello.c ", client.pid())), line);
                client.process().destroy(); // SIGTERM: the JVM runs its shutdown hooks
                assertTrue(client.waitFor(Duration.ofSeconds(30)) >= 0, "client ignored SIGTERM");
                assertFalse(stateLeft(client.pid()), "state file left after SIGTERM");
                assertTrue(held.isValid());
            }
        }
    }
}
