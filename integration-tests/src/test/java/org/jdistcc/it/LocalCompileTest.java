package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** With no volunteers, {@code distcc gcc ...} must be indistinguishable from {@code gcc ...}. */
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
