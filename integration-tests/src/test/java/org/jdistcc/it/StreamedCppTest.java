package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Distccd;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code JDISTCC_STREAM_CPP=1}: the installed client sends the preprocessor's output to the installed
 * daemon as it is written (in chunks), and the daemon's compiler reads it through a pipe. Source mode
 * is kept out of the way by {@code C_INCLUDE_PATH} (a variable it does not carry), so the
 * preprocessed dialect does the compile.
 */
@ExtendWith(RequiresInstallation.class)
@WithDaemon(
        value = Distccd.INSTALLED,
        args = {"--jobs", "2"})
class StreamedCppTest {
    @TempDir
    Path dir;

    private CommandRunner user(Installation jdistcc, RunningDaemon daemon) throws IOException {
        return jdistcc.userIn(dir)
                .with(
                        "C_INCLUDE_PATH",
                        Files.createDirectories(dir.resolve("inc")).toString())
                .with("DISTCC_HOSTS", daemon.hostSpec(",lz4"))
                .with("DISTCC_SKIP_LOCAL_RETRY", "1")
                .with("DISTCC_VERBOSE", "1")
                .with("JDISTCC_STREAM_CPP", "1");
    }

    private static String withoutLog(String stderr) {
        return stderr.lines()
                .filter(line -> !line.startsWith("distcc["))
                .map(line -> line + "\n")
                .reduce("", String::concat);
    }

    @Test
    void theVolunteerCompilesTheTextAsItIsWrittenAndTheObjectIsALocalCompiles(
            Installation jdistcc, RunningDaemon daemon) throws IOException {
        var source = new StringBuilder("#include <stdio.h>\n");
        for (int i = 0; i < 3000; i++) {
            source.append("int f")
                    .append(i)
                    .append("(int x) { return x + ")
                    .append(i)
                    .append("; }\n");
        }
        source.append("int main(void) { printf(\"%d\\n\", f2999(1)); return 0; }\n");
        Files.writeString(dir.resolve("big.c"), source, StandardCharsets.UTF_8);
        CommandRunner user = user(jdistcc, daemon);
        assertEquals(
                0,
                user.run(List.of("gcc", "-O2", "-c", "big.c", "-o", "local.o")).exitCode());

        long before = daemon.countLines(" status=0");
        Outcome byDistcc = user.run(List.of(jdistcc.distcc().toString(), "gcc", "-O2", "-c", "big.c", "-o", "big.o"));

        assertEquals(0, byDistcc.exitCode(), () -> byDistcc + "\n" + daemon.log());
        assertEquals("", withoutLog(byDistcc.stderr()));
        assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("big.o")));
        assertTrue(daemon.awaitLines(" status=0", before + 1), "the volunteer compiled it:\n" + daemon.log());
        assertTrue(
                daemon.log().lines().anyMatch(l -> l.matches(".*proto=jdistcc-[89a-f][0-9a-f] .*source=big.c.*")),
                "in chunks:\n" + daemon.log());
    }

    @Test
    void aFailingPreprocessorEndsTheRemoteCompileAndItsOwnDiagnosticsAreShown(
            Installation jdistcc, RunningDaemon daemon) throws IOException {
        var source = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            source.append("int f")
                    .append(i)
                    .append("(int x) { return x + ")
                    .append(i)
                    .append("; }\n");
        }
        source.append("#include \"missing.h\"\n");
        Files.writeString(dir.resolve("broken.c"), source, StandardCharsets.UTF_8);
        CommandRunner user = user(jdistcc, daemon);
        Outcome byGcc = user.run(List.of("gcc", "-c", "broken.c", "-o", "local.o"));
        assertEquals(1, byGcc.exitCode(), byGcc.toString());

        long compiled = daemon.countLines(" status=");
        long jobs = daemon.countLines("source=broken.c");
        Outcome byDistcc = user.run(List.of(jdistcc.distcc().toString(), "gcc", "-c", "broken.c", "-o", "broken.o"));

        assertEquals(1, byDistcc.exitCode(), byDistcc.toString());
        assertEquals(byGcc.stderr(), withoutLog(byDistcc.stderr()), byDistcc.stderr());
        assertTrue(byDistcc.stderr().contains("abandoned"), byDistcc.stderr());
        assertTrue(daemon.awaitLines("source=broken.c", jobs + 1), "the volunteer saw the job:\n" + daemon.log());
        assertEquals(compiled, daemon.countLines(" status="), "and compiled nothing:\n" + daemon.log());
        assertTrue(Files.notExists(dir.resolve("broken.o")));
    }
}
