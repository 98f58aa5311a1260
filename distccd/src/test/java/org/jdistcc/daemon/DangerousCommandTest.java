package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile command lines sent over the wire to a real daemon: each is answered with exit 113 and a
 * message naming the culprit, nothing is run, and nothing appears where the attack aimed.
 */
@WithDaemon
class DangerousCommandTest {
    @TempDir
    Path dir;

    static Stream<DangerousCommands.Case> dangerous() {
        return DangerousCommands.TABLE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dangerous")
    void refusesWithAccessDeniedAndRunsNothing(DangerousCommands.Case c, RunningDaemon daemon)
            throws IOException, InterruptedException {
        Path scratch = daemon.scratch();
        String named = c.named().replace("%S", scratch.toString());

        RawClient.Outcome outcome =
                RawClient.compile(daemon.port(), ProtocolVersion.PLAIN, c.argv(scratch), RawClient.HELLO, dir);

        assertFalse(outcome.closed(), "closed without a reply: " + outcome.closeReason());
        assertEquals(113, outcome.exitCode(), outcome.stderr());
        assertTrue(outcome.stderr().contains(named), outcome.stderr() + " should name " + named);
        assertTrue(outcome.stderr().matches("(?s)distccd\\[\\d+] ERROR: .*\n"), outcome.stderr());
        daemon.awaitLog(l -> l.contains("outcome=refused") && l.contains(named), Duration.ofSeconds(5));
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(0, left.count(), "the attack left files in " + scratch);
        }
        assertEquals(0, daemon.jobDirectories().size(), "a refused job never gets a directory");
        assertEquals(0, daemon.compilers().size(), "nothing runs for a refused job");
    }
}
