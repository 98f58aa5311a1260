package org.jdistcc.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real children through posix_spawn: what they see (directory, environment, descriptors, signals)
 * and what we get back (output, exit codes, kills). The tests run with native access, as the agent
 * and the daemon do (surefire's argLine).
 */
class SpawnedProcessTest {
    private static final String SH = "/bin/sh";
    private static ExecutorService waiters;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        assumeTrue(SpawnedProcess.available(), "posix_spawn through the FFM API is not available here");
        waiters = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory());
    }

    @AfterAll
    static void tearDown() {
        if (waiters != null) {
            waiters.shutdownNow();
        }
    }

    private SpawnedProcess sh(String script, boolean pipeStdout) throws IOException {
        return SpawnedProcess.start(
                List.of(SH, "-c", script),
                Map.of("GREETING", "hello there", "PATH", "/usr/bin:/bin"),
                dir,
                pipeStdout,
                waiters);
    }

    @Test
    void theChildRunsInItsDirectoryWithExactlyItsEnvironment() throws Exception {
        var p = sh("pwd; echo \"$GREETING\"; env | wc -l", true);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        String[] lines = out.split("\n");
        assertEquals(dir.toRealPath().toString(), lines[0]);
        assertEquals("hello there", lines[1]);
        assertTrue(Integer.parseInt(lines[2].strip()) <= 4, "only what we gave, and what sh adds: " + out);
    }

    @Test
    void stderrIsItsOwnAndStdoutCanBeDiscarded() throws Exception {
        var p = sh("echo out; echo err >&2; exit 3", false);
        assertEquals("err\n", new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(-1, p.getInputStream().read());
        assertEquals(3, p.waitFor());
        assertEquals(3, p.exitValue());
        assertFalse(p.isAlive());
    }

    @Test
    void theChildGetsNoDescriptorOfOurs() throws Exception {
        Path file = Files.writeString(dir.resolve("open.txt"), "x");
        try (var held = Files.newInputStream(file)) {
            var p = sh("ls /proc/self/fd | wc -l", true);
            String count = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, p.waitFor());
            // 0, 1, 2 and the directory ls reads: nothing of the JVM's (jars, sockets, this file).
            assertEquals("4", count);
        }
    }

    @Test
    void readingAChildsOutputToItsEndClosesItsPipesAndNothingElse() throws Exception {
        List<String> before = descriptors();
        for (int i = 0; i < 3; i++) {
            var p = sh("echo out; echo err >&2", true);
            assertEquals("out\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("err\n", new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, p.waitFor());
        }
        // stdin, stdout and stderr are still what they were (a stray close of 0 once took stdin),
        // and no pipe is left open.
        assertEquals(before, descriptors());
    }

    /** Where this process's descriptors 0-2 lead, and how many pipes it holds. */
    private static List<String> descriptors() throws IOException {
        List<String> found = new java.util.ArrayList<>();
        for (int fd = 0; fd <= 2; fd++) {
            Path link = Path.of("/proc/self/fd/" + fd);
            found.add(fd + " -> "
                    + (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            ? Files.readSymbolicLink(link).toString()
                            : "closed"));
        }
        long pipes;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            pipes = fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                        } catch (IOException e) {
                            return false; // the listing's own descriptor, gone already
                        }
                    })
                    .count();
        }
        found.add(pipes + " pipes");
        return found;
    }

    @Test
    void aKilledChildExitsWith128PlusTheSignal() throws Exception {
        var p = sh("exec sleep 30", false);
        assertTrue(p.isAlive());
        assertThrows(IllegalThreadStateException.class, p::exitValue);
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + 9, p.exitValue());
        p.destroy(); // reaped: no signal goes to a pid that may be someone else's now
    }

    @Test
    void signalsAreAtTheirDefaultsInTheChild() throws Exception {
        // The JVM ignores or handles some signals itself; a compiler must start with the defaults.
        var p = sh("kill -TERM $$; sleep 5", false);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + 15, p.exitValue());
    }

    @Test
    void aProgramThatCannotRunIsAnIoError() {
        var e = assertThrows(
                IOException.class,
                () -> SpawnedProcess.start(List.of(dir.resolve("missing").toString()), Map.of(), dir, false, waiters));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> SpawnedProcess.start(List.of("sh"), Map.of(), dir, false, waiters));
    }

    @Test
    void exitCodesFromRawWaitStatuses() {
        assertEquals(0, PosixSpawn.exitCode(0));
        assertEquals(1, PosixSpawn.exitCode(1 << 8));
        assertEquals(255, PosixSpawn.exitCode(255 << 8));
        assertEquals(128 + 9, PosixSpawn.exitCode(9));
        assertEquals(128 + 11, PosixSpawn.exitCode(11 | 0x80)); // with a core dump
    }
}
