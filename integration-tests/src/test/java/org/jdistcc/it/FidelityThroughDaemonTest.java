package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Through the installed client and the installed daemon (source mode, host option {@code ,lz4}):
 * every file, stderr byte and exit status equals a local gcc run in the same directory, and the
 * compile really ran on the volunteer.
 */
@ExtendWith(RequiresInstallation.class)
@WithDaemon(
        value = Distccd.INSTALLED,
        args = {"--jobs", "4"})
class FidelityThroughDaemonTest {
    static final String SOURCE = """
            #include <stdio.h>
            #define SQUARE(x) ((x) * (x))
            static int helper(int v) { int unused; return SQUARE(v) + 1; }
            int main(void) { printf("%d %s\\n", helper(3), __FILE__); return 0; }
            """;

    static final String BROKEN = """
            #define CALL(f) f(1, 2)
            int g(int a);
            int main(void) { return CALL(g); }
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "good.c   | -O2",
                "good.c   | -g -Wall",
                "good.c   | -g3 -O2 -fPIC -Wall",
                "good.c   | -gsplit-dwarf -O1",
                "good.c   | -fstack-usage -O2",
                "good.c   | -MD -g -Wall",
                "good.c   | -Wall -fdiagnostics-color=always",
                "good.cc  | -g -O2 -Wall",
                "bad.c    | -Wall",
                "bad.cc   | -g",
            })
    void remoteCompileIsIndistinguishableFromALocalOne(
            String file, String options, Installation jdistcc, RunningDaemon daemon) throws IOException {
        String compiler = file.endsWith(".cc") ? "g++" : "gcc";
        Files.writeString(dir.resolve(file), file.startsWith("bad") ? BROKEN : SOURCE, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of(options.split(" ")));
        args.addAll(List.of("-c", file, "-o", "out.o"));

        Path work = Files.createDirectories(dir.resolve("work"));
        Path local = Files.createDirectories(dir.resolve("local"));
        Files.copy(dir.resolve(file), work.resolve(file));

        // Both compiles run in the same directory, which -g records: first gcc, then distcc.
        List<String> direct = new ArrayList<>(List.of(compiler));
        direct.addAll(args);
        Outcome byGcc = jdistcc.userIn(work).run(direct);
        for (String name : names(work)) {
            if (!name.equals(file)) {
                Files.move(work.resolve(name), local.resolve(name));
            }
        }
        Files.copy(work.resolve(file), local.resolve(file));

        // Job lines carry the compiler's status; a hello's line (what the volunteer's compilers are) does not.
        long before = daemon.countLines(" status=");
        List<String> viaDistcc = new ArrayList<>(List.of(jdistcc.distcc().toString(), compiler));
        viaDistcc.addAll(args);
        Outcome byDistcc = jdistcc.userIn(work)
                .with("DISTCC_HOSTS", daemon.hostSpec(",lz4"))
                .with("DISTCC_SKIP_LOCAL_RETRY", "1")
                .with("DISTCC_VERBOSE", "1")
                .run(viaDistcc);
        String verbose = byDistcc.stderr();
        String stderr = verbose.lines()
                .filter(line -> !line.startsWith("distcc["))
                .map(line -> line + "\n")
                .reduce("", String::concat);

        assertEquals(byGcc.exitCode(), byDistcc.exitCode(), () -> byDistcc + "\n" + daemon.log());
        assertEquals(byGcc.stdout(), byDistcc.stdout());
        assertEquals(byGcc.stderr(), stderr, verbose);
        assertEquals(names(local), names(work), "the same files are produced");
        for (String name : names(local)) {
            assertArrayEquals(
                    Files.readAllBytes(local.resolve(name)), Files.readAllBytes(work.resolve(name)), name + " differs");
        }
        assertTrue(
                daemon.awaitLines(" status=", before + 1),
                "the volunteer compiled it:\n" + verbose + "\n" + daemon.log());
    }

    /**
     * On a terminal gcc colours its diagnostics; a volunteer's stderr is never one. The client
     * agent's stderr is not the user's either: the launcher says whether its own is a terminal, so
     * the compile runs here and prints exactly what gcc prints (run under script(1) for a pty).
     */
    @Test
    void diagnosticsOnATerminalAreGccsOwnAlsoThroughTheAgent(Installation jdistcc, RunningDaemon daemon)
            throws IOException {
        Files.writeString(dir.resolve("good.c"), SOURCE, StandardCharsets.UTF_8);
        CommandRunner user = jdistcc.userIn(dir).with("TERM", "xterm");
        String gcc = "gcc -Wall -c good.c -o local.o";
        String distcc = jdistcc.distcc() + " gcc -Wall -c good.c -o remote.o";

        Outcome byGcc = user.run(List.of("script", "-qec", gcc, "/dev/null"));
        assertTrue(byGcc.stdout().contains("\u001b["), "gcc coloured nothing on a terminal: " + byGcc);
        // The first compile may start the agent and run on the cold JVM; later ones are the agent's.
        for (int i = 0; i < 3; i++) {
            Outcome byDistcc = user.with("DISTCC_HOSTS", daemon.hostSpec(",lz4"))
                    .with("DISTCC_VERBOSE", "1")
                    .run(List.of("script", "-qec", distcc, "/dev/null"));
            String shown = byDistcc.stdout()
                    .lines()
                    .filter(line -> !line.startsWith("distcc["))
                    .map(line -> line + "\n")
                    .reduce("", String::concat);
            String expected = byGcc.stdout().lines().map(line -> line + "\n").reduce("", String::concat);
            assertEquals(byGcc.exitCode(), byDistcc.exitCode(), byDistcc.toString());
            assertEquals(expected, shown, "compile " + i + ":\n" + byDistcc.stdout());
            assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("remote.o")));
            if (i == 2) {
                assertTrue(byDistcc.stdout().contains("handled by the client agent"), byDistcc.stdout());
            }
        }
    }

    /**
     * Source mode sends the sources the agent's include analysis found: the preprocessor does not
     * run here for the compile (a gcc on PATH logs how it is run), not even to size it for
     * placement: the files the analysis found size it.
     */
    @Test
    void sourceModeDoesNotPreprocessHere(Installation jdistcc, RunningDaemon daemon) throws IOException {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Path calls = dir.resolve("gcc-calls.txt");
        Path gcc = tools.resolve("gcc");
        Files.writeString(gcc, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec /usr/bin/gcc \"$@\"\n");
        Files.setPosixFilePermissions(gcc, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("good.c"), SOURCE, StandardCharsets.UTF_8);
        // The wrapper is not the volunteer's gcc (compiler identity): the user vouches for it.
        Path distccDir = Files.createDirectories(dir.resolve("distcc-dir"));
        Files.writeString(distccDir.resolve("compilers"), "127.0.0.1 gcc =\n");
        long before = daemon.countLines("outcome=");
        Outcome byDistcc = jdistcc.userIn(dir)
                .with("DISTCC_DIR", distccDir.toString())
                .with("PATH", tools + ":/usr/bin:/bin")
                .with("DISTCC_HOSTS", daemon.hostSpec(",lz4"))
                .with("DISTCC_FALLBACK", "0")
                .with("DISTCC_VERBOSE", "1")
                .run(jdistcc.distcc().toString(), "gcc", "-O2", "-c", "good.c", "-o", "good.o");
        assertEquals(0, byDistcc.exitCode(), byDistcc::toString);
        assertTrue(daemon.awaitLines("outcome=", before + 1), "the volunteer compiled it:\n" + byDistcc);
        String ran = Files.exists(calls) ? Files.readString(calls) : "";
        assertTrue(
                ran.lines().noneMatch(line -> line.contains("good.c")),
                () -> "gcc ran here for good.c:\n" + ran + "\n" + byDistcc.stderr());
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
