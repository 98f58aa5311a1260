package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With no volunteers ({@code DISTCC_HOSTS=localhost}, the installation's default here), {@code
 * distcc gcc ...} must be indistinguishable from {@code gcc ...}. With an empty host list too, but
 * for distcc 3.4's two warnings first.
 */
@ExtendWith(RequiresInstallation.class)
class LocalCompileTest {
    @TempDir
    Path dir;

    @Test
    void compilesLikeGccWhenNoHostsAreSet(Installation jdistcc) throws IOException {
        String source = CSources.CLEAN.writeTo(dir);
        var user = jdistcc.userIn(dir);

        Outcome gcc = user.run("gcc", "-c", source, "-o", "a.o");
        Files.move(dir.resolve("a.o"), dir.resolve("by-gcc.o"));
        Outcome distcc = user.run(jdistcc.distcc().toString(), "gcc", "-c", source, "-o", "a.o");

        assertEquals(0, gcc.exitCode(), gcc::toString);
        assertEquals(gcc, distcc);
        assertArrayEquals(Files.readAllBytes(dir.resolve("by-gcc.o")), Files.readAllBytes(dir.resolve("a.o")));
    }

    /** distcc 3.4 (src/hosts.c, src/compile.c): an empty list is a failure to distribute, said twice. */
    @Test
    void anEmptyHostListWarnsAsDistccDoesThenCompilesLikeGcc(Installation jdistcc) throws IOException {
        String source = CSources.WARNING.writeTo(dir);
        var user = jdistcc.userIn(dir);

        Outcome gcc = user.run("gcc", "-Wall", "-c", source, "-o", "a.o");
        Files.move(dir.resolve("a.o"), dir.resolve("by-gcc.o"));
        Outcome distcc = user.with("DISTCC_HOSTS", "")
                .run(jdistcc.distcc().toString(), "gcc", "-Wall", "-c", source, "-o", "a.o");

        assertEquals(gcc.exitCode(), distcc.exitCode(), distcc::toString);
        assertEquals(gcc.stdout(), distcc.stdout());
        assertTrue(
                distcc.stderr()
                        .matches(
                                "(?s)distcc\\[\\d+\\] Warning: \\$DISTCC_HOSTS contained no hosts; can't distribute work\n"
                                        + "distcc\\[\\d+\\] Warning: failed to distribute, running locally instead\n"
                                        + java.util.regex.Pattern.quote(gcc.stderr())),
                distcc::toString);
        assertArrayEquals(Files.readAllBytes(dir.resolve("by-gcc.o")), Files.readAllBytes(dir.resolve("a.o")));
        Outcome refused = user.with("DISTCC_HOSTS", "")
                .with("DISTCC_FALLBACK", "0")
                .run(jdistcc.distcc().toString(), "gcc", "-c", source, "-o", "b.o");
        assertEquals(116, refused.exitCode(), "EXIT_NO_HOSTS, as distcc 3.4: " + refused);
    }

    @Test
    void reportsAMissingSourceLikeGcc(Installation jdistcc) {
        var user = jdistcc.userIn(dir);

        Outcome gcc = user.run("gcc", "-c", "missing.c", "-o", "missing.o");
        Outcome distcc = user.run(jdistcc.distcc().toString(), "gcc", "-c", "missing.c", "-o", "missing.o");

        assertNotEquals(0, gcc.exitCode(), gcc::toString);
        assertEquals(gcc, distcc);
        assertFalse(Files.exists(dir.resolve("missing.o")), "no object for a missing source");
    }

    @ParameterizedTest
    @EnumSource(names = {"WARNING", "ERROR"})
    void passesDiagnosticsAndExitStatusThroughUnchanged(CSources source, Installation jdistcc) throws IOException {
        String file = source.writeTo(dir);
        var user = jdistcc.userIn(dir);

        Outcome gcc = user.run("gcc", "-Wall", "-c", file, "-o", "by-gcc.o");
        Outcome distcc = user.run(jdistcc.distcc().toString(), "gcc", "-Wall", "-c", file, "-o", source.objectName());

        assertFalse(gcc.stderr().isEmpty(), "the source should make gcc say something");
        assertEquals(gcc, distcc);
        if (gcc.exitCode() == 0) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("by-gcc.o")), Files.readAllBytes(dir.resolve(source.objectName())));
        } else {
            assertFalse(Files.exists(dir.resolve(source.objectName())), "no object after an error");
        }
    }

    @Test
    void preprocessesToStdoutLikeGcc(Installation jdistcc) throws IOException {
        String source = CSources.CLEAN.writeTo(dir);
        var user = jdistcc.userIn(dir);

        Outcome gcc = user.run("gcc", "-E", source);
        Outcome distcc = user.run(jdistcc.distcc().toString(), "gcc", "-E", source);

        assertEquals(0, gcc.exitCode(), gcc::toString);
        assertEquals(gcc, distcc);
    }
}
