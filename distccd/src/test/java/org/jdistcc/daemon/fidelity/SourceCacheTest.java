package org.jdistcc.daemon.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdistcc.daemon.serving.LoopbackSourceDaemon;
import org.jdistcc.testing.ClientProcess;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source mode's file cache end to end: a real client process against the daemon's serving classes
 * and their cache on loopback. The first compile sends the source and every header; compiling it
 * again sends digests and arguments only; a changed header is the only file that travels again. The
 * objects stay a local compile's.
 */
class SourceCacheTest {
    @TempDir
    Path temp;

    @Test
    void aRebuildSendsOnlyWhatTheVolunteerLacks() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")));
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("config.h"), "#define GREETING \"hello\"\n");
        Files.writeString(project.resolve("table.h"), "static const int table[] = {" + "1, ".repeat(2000) + "};\n");
        Files.writeString(
                project.resolve("main.c"),
                "#include <stdio.h>\n#include <stdlib.h>\n#include \"config.h\"\n#include \"table.h\"\n"
                        + "int main(void) { printf(\"%s %d\\n\", GREETING, table[0]); return EXIT_SUCCESS; }\n");
        List<String> compile = List.of("gcc", "-O2", "-c", "main.c", "-o", "main.o");
        Outcome local = CommandRunner.in(project).run(compile);
        assertEquals(0, local.exitCode(), local::toString);
        byte[] localObject = Files.readAllBytes(project.resolve("main.o"));

        try (var daemon = new LoopbackSourceDaemon(Files.createDirectories(temp.resolve("jobs")))) {
            Map<String, String> env = Map.of(
                    "DISTCC_HOSTS",
                    "127.0.0.1:" + daemon.port(),
                    "DISTCC_DIR",
                    temp.resolve("distcc").toString(),
                    "DISTCC_FALLBACK",
                    "0",
                    "DISTCC_BACKOFF_PERIOD",
                    "0");
            long first = compileRemotely(project, compile, env, daemon, localObject);
            int cached = daemon.cachedFiles();
            assertTrue(cached >= 5, cached + " files cached: the source, two headers, and system headers");

            long again = compileRemotely(project, compile, env, daemon, localObject);
            assertEquals(cached, daemon.cachedFiles());
            assertTrue(again * 5 < first, "a rebuild sent " + again + " bytes, the first build " + first);

            Files.writeString(project.resolve("config.h"), "#define GREETING \"hello again\"\n");
            Outcome changedLocal = CommandRunner.in(project).run(compile);
            assertEquals(0, changedLocal.exitCode(), changedLocal::toString);
            long changed =
                    compileRemotely(project, compile, env, daemon, Files.readAllBytes(project.resolve("main.o")));
            assertEquals(cached + 1, daemon.cachedFiles(), "the changed header, and only it, was new");
            assertTrue(changed < first / 2, "after a header changed " + changed + " bytes, first " + first);
        }
    }

    /** Compiles in {@code project} through the client; checks the object; returns the bytes it sent. */
    private long compileRemotely(
            Path project, List<String> compile, Map<String, String> env, LoopbackSourceDaemon daemon, byte[] expected)
            throws IOException {
        Files.deleteIfExists(project.resolve("main.o"));
        int served = daemon.served();
        long sentBefore = sent(Path.of(env.get("DISTCC_DIR")));
        Outcome remote = CommandRunner.in(project).with(env).run(ClientProcess.command(compile));
        assertEquals(0, remote.exitCode(), remote::toString);
        assertEquals(served + 1, daemon.served(), "compiled by the volunteer");
        assertArrayEquals(expected, Files.readAllBytes(project.resolve("main.o")));
        return sent(Path.of(env.get("DISTCC_DIR"))) - sentBefore;
    }

    /** Bytes sent to volunteers, from the client's {@code stats.log} ({@code ... r HOST MS MS SENT RECEIVED}). */
    private static long sent(Path distccDir) throws IOException {
        Path log = distccDir.resolve("stats.log");
        if (!Files.exists(log)) {
            return 0;
        }
        long total = 0;
        for (String line : Files.readAllLines(log)) {
            List<String> words = new ArrayList<>(List.of(line.split(" ")));
            int r = words.indexOf("r");
            if (r >= 0) {
                total += Long.parseLong(words.get(r + 4));
            }
        }
        return total;
    }
}
