package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
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
 * The text a distcc 3.4 volunteer gets (its length first) is staged in memory up to a bound and in
 * a file in {@code TMPDIR} beyond it (issue 20). Told apart by a {@code TMPDIR} that does not
 * exist: a small unit is distributed all the same, a large one cannot be and is compiled here; and
 * {@code DISTCC_SAVE_TEMPS=1} still leaves the text in {@code TMPDIR} for the user to read.
 */
@ExtendWith(RequiresInstallation.class)
class PreprocessedTextTest {
    /** Past the agent's in-memory bound (4 MiB) once preprocessed: about 6 MB. */
    static final int LARGE_LINES = 200_000;

    @TempDir
    Path dir;

    @Test
    void aSmallUnitNeverTouchesTmpdir(Installation jdistcc) throws Exception {
        Files.writeString(dir.resolve("small.c"), "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n");
        try (RunningDaemon daemon = DaemonSetup.debian().start()) {
            Outcome made = compile(jdistcc, daemon, "small", dir.resolve("no-such-dir"), false);
            assertEquals(0, made.exitCode(), made::toString);
            assertTrue(distributed(made, "small.c"), made::toString);
            assertSameAsLocal("small");
        }
    }

    @Test
    void aLargeUnitSpillsIntoTmpdir(Installation jdistcc) throws Exception {
        StringBuilder big = new StringBuilder("const int big[] = {\n");
        for (int i = 0; i < LARGE_LINES; i++) {
            big.append("  ")
                    .append(i)
                    .append(", ")
                    .append(i)
                    .append(", ")
                    .append(i)
                    .append(", ")
                    .append(i)
                    .append(",\n");
        }
        Files.writeString(dir.resolve("large.c"), big.append("};\n"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (RunningDaemon daemon = DaemonSetup.debian().start()) {
            Outcome missing = compile(jdistcc, daemon, "large", dir.resolve("no-such-dir"), false);
            assertEquals(0, missing.exitCode(), missing::toString);
            assertTrue(missing.stderr().contains("cannot preprocess here"), missing::toString);
            assertSameAsLocal("large");

            Outcome made = compile(jdistcc, daemon, "large", tmp, false);
            assertEquals(0, made.exitCode(), made::toString);
            assertTrue(distributed(made, "large.c"), made::toString);
            assertSameAsLocal("large");
            assertEquals(List.of(), texts(tmp), "the spilled text is deleted after the compile");
        }
    }

    @Test
    void savedTempsLeaveTheTextInTmpdir(Installation jdistcc) throws Exception {
        Files.writeString(dir.resolve("kept.c"), "int kept(void) { return 7; }\n");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (RunningDaemon daemon = DaemonSetup.debian().start()) {
            Outcome made = compile(jdistcc, daemon, "kept", tmp, true);
            assertEquals(0, made.exitCode(), made::toString);
            assertSameAsLocal("kept");
        }
        List<Path> texts = texts(tmp);
        assertEquals(1, texts.size(), "one preprocessed text kept: " + texts);
        assertTrue(Files.readString(texts.getFirst()).contains("int kept(void)"));
    }

    private Outcome compile(Installation jdistcc, RunningDaemon daemon, String name, Path tmpdir, boolean saveTemps) {
        var user = jdistcc.userIn(dir)
                .with("DISTCC_DIR", dir.resolve("distcc-dir").toString())
                .with("DISTCC_HOSTS", daemon.hostSpec(""))
                .with("DISTCC_VERBOSE", "1")
                .with("TMPDIR", tmpdir.toString())
                .withTimeout(Duration.ofMinutes(2));
        if (saveTemps) {
            user = user.with("DISTCC_SAVE_TEMPS", "1");
        }
        return user.run(jdistcc.distcc().toString(), "gcc", "-c", name + ".c", "-o", name + ".o");
    }

    /** distcc 3.4's words for a compile the volunteer did, not one it failed and we did again here. */
    private static boolean distributed(Outcome made, String source) {
        return made.stderr()
                .lines()
                .anyMatch(l -> l.contains("compile " + source + " on ") && l.endsWith(" completed ok"));
    }

    private static List<Path> texts(Path tmp) throws IOException {
        try (Stream<Path> listed = Files.list(tmp)) {
            return listed.filter(p -> p.getFileName().toString().startsWith("distcc_"))
                    .toList();
        }
    }

    private void assertSameAsLocal(String name) throws IOException {
        Outcome local = CommandRunner.in(dir).run("gcc", "-c", name + ".c", "-o", name + "-local.o");
        assertEquals(0, local.exitCode(), local::toString);
        assertArrayEquals(
                Files.readAllBytes(dir.resolve(name + "-local.o")), Files.readAllBytes(dir.resolve(name + ".o")), name);
    }
}
