package org.jdistcc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded runner, on real shell commands. */
class CommandRunnerTest {
    @TempDir
    Path dir;

    @Test
    void keepsStdoutAndStderrApartWithTheExitStatus() {
        Outcome outcome = CommandRunner.in(dir).run("/bin/sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(new Outcome(3, "out\n", "err\n"), outcome);
    }

    @Test
    void runsInItsDirectoryWithItsEnvironmentAndNothingOnStdin() {
        Outcome outcome = CommandRunner.in(dir)
                .with("JDISTCC_TEST_A", "a")
                .without("HOME")
                .run("/bin/sh", "-c", "pwd; echo \"$JDISTCC_TEST_A-${HOME:-none}\"; cat");
        assertEquals(dir + "\na-none\n", outcome.stdout(), outcome::toString);
    }

    @Test
    void aCommandPastItsTimeIsKilledWithItsChildrenAndFails() throws Exception {
        Path pid = dir.resolve("child.pid");
        long start = System.nanoTime();
        var failure = assertThrows(
                AssertionError.class,
                () -> CommandRunner.in(dir)
                        .withTimeout(Duration.ofSeconds(5))
                        .run("/bin/sh", "-c", "sleep 60 & echo $! > child.pid; wait"));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "not killed in time");
        assertTrue(failure.getMessage().startsWith("timed out after PT5S"), failure.getMessage());
        long child = Long.parseLong(Files.readString(pid).strip());
        var sleeper = ProcessHandle.of(child);
        if (sleeper.isPresent()) {
            sleeper.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertTrue(ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true), "the child outlived the timeout");
    }

    @Test
    void startsInTheBackgroundWithTheSameSurroundings() throws Exception {
        Process process = CommandRunner.in(dir)
                .with("JDISTCC_TEST_B", "b")
                .start(
                        List.of("/bin/sh", "-c", "echo \"$JDISTCC_TEST_B\"; pwd >&2"),
                        dir.resolve("out"),
                        dir.resolve("err"));
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals("b\n", Files.readString(dir.resolve("out")));
        assertEquals(dir + "\n", Files.readString(dir.resolve("err")));
    }
}
