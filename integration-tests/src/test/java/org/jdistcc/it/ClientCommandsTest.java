package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's own commands as scripts use them: {@code make -j$(distcc -j)}, and {@code -j},
 * {@code --show-hosts} and {@code --show-stats} answered the same by a warm agent as by the cold
 * path, with the agent's remote compiles counted.
 */
@ExtendWith(RequiresInstallation.class)
class ClientCommandsTest {
    private static final int OBJECTS = 6;

    @TempDir
    Path dir;

    /** distcc's README: {@code make -j$(distcc -j)}; each compile says where it ran (DISTCC_VERBOSE=info). */
    @Test
    void makeRunsWithTheConcurrencyDistccPrints(Installation jdistcc) throws Exception {
        var makefile = new StringBuilder("OBJS =");
        for (int i = 0; i < OBJECTS; i++) {
            Files.writeString(dir.resolve("f" + i + ".c"), "int f" + i + "(int x) { return x * " + i + "; }\n");
            makefile.append(" f").append(i).append(".o");
        }
        makefile.append("\nall: $(OBJS)\n%.o: %.c\n\t$(CC) -c $< -o $@\n");
        Files.writeString(dir.resolve("Makefile"), makefile.toString());
        try (RunningDaemon debian = DaemonSetup.debian().jobs(3).start()) {
            CommandRunner user = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", dir.resolve("distcc-dir").toString())
                    .with("DISTCC_HOSTS", debian.hostSpec("/3"))
                    .with("DISTCC_VERBOSE", "info");
            Outcome concurrency = user.run(jdistcc.distcc().toString(), "-j");
            assertEquals("3\n", concurrency.stdout(), concurrency::toString);
            Outcome make = user.run(
                    "/bin/sh", "-c", "make -j$('" + jdistcc.distcc() + "' -j) CC='" + jdistcc.distcc() + " gcc'");
            assertEquals(0, make.exitCode(), make::toString);
            assertTrue(make.stdout().contains(" -c f0.c -o f0.o"), make::toString);
            for (int i = 0; i < OBJECTS; i++) {
                assertTrue(Files.size(dir.resolve("f" + i + ".o")) > 0, "f" + i + ".o");
            }
            long remote = make.stderr()
                    .lines()
                    .filter(l -> l.matches("distcc\\[\\d+\\] compile f\\d\\.c on .* completed ok"))
                    .count();
            assertEquals(OBJECTS, remote, make::toString);
        }
    }

    @Test
    void aWarmAgentAnswersTheClientsCommandsAsTheColdPathDoes(Installation jdistcc) throws Exception {
        Path own = dir.resolve("distcc-dir");
        Files.writeString(dir.resolve("ok.c"), "int ok(int x) { return x + 1; }\n");
        try (RunningDaemon debian = DaemonSetup.debian().jobs(2).start()) {
            CommandRunner user = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", own.toString())
                    .with("DISTCC_HOSTS", debian.hostSpec("/2") + " localhost/1");
            AgentTest.startAgent(jdistcc, own);
            Outcome compiled = user.with("DISTCC_VERBOSE", "1")
                    .run(jdistcc.distcc().toString(), "gcc", "-c", "ok.c", "-o", "ok.o");
            assertEquals(0, compiled.exitCode(), compiled::toString);
            assertTrue(compiled.stderr().contains("handled by the client agent"), compiled::toString);
            for (List<String> command : List.of(List.of("-j"), List.of("--show-hosts"), List.of("--show-stats"))) {
                List<String> argv = new ArrayList<>(List.of(jdistcc.distcc().toString()));
                argv.addAll(command);
                Outcome warm = user.run(argv);
                Outcome cold = user.with("JDISTCC_AGENT", "0").run(argv);
                assertEquals(0, warm.exitCode(), warm::toString);
                assertFalse(warm.stdout().isBlank(), () -> command + " printed nothing through the agent");
                assertEquals(cold.stdout(), warm.stdout(), command::toString);
            }
            Outcome stats = user.run(jdistcc.distcc().toString(), "--show-stats");
            assertTrue(
                    Pattern.compile("(?m)^  Remote +1 ").matcher(stats.stdout()).find(),
                    () -> "the agent's remote compile counts as remote:\n" + stats.stdout());
        } finally {
            AgentTest.killAgents(own);
        }
    }
}
