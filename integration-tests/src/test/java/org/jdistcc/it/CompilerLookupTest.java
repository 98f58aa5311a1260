package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.params.provider.ValueSource;

/** The three ways distcc 3.4 is invoked, and the one it must refuse. */
@ExtendWith(RequiresInstallation.class)
class CompilerLookupTest {
    @TempDir
    Path dir;

    @Test
    void impliesCcWhenTheFirstArgumentIsAnOption(Installation jdistcc) throws IOException {
        String source = CSources.CLEAN.writeTo(dir);
        var user = jdistcc.userIn(dir);

        Outcome cc = user.run("cc", "-c", source, "-o", "by-cc.o");
        Outcome distcc = user.run(jdistcc.distcc().toString(), "-c", source, "-o", "a.o");

        assertEquals(0, cc.exitCode(), cc::toString);
        assertEquals(cc, distcc);
        assertArrayEquals(Files.readAllBytes(dir.resolve("by-cc.o")), Files.readAllBytes(dir.resolve("a.o")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcc", "cc"})
    void masqueradeLinkFindsTheRealCompiler(String compiler, Installation jdistcc) throws IOException {
        String source = CSources.CLEAN.writeTo(dir);
        var user = jdistcc.userIn(dir);
        var masquerading = user.with("PATH", jdistcc.masqueradeDirectory() + ":" + user.environmentValue("PATH"));

        Outcome direct = user.run(compiler, "-c", source, "-o", "direct.o");
        Outcome viaLink = masquerading.runThroughShell(compiler, "-c", source, "-o", "a.o");

        assertEquals(0, direct.exitCode(), direct::toString);
        assertEquals(direct, viaLink);
        assertArrayEquals(Files.readAllBytes(dir.resolve("direct.o")), Files.readAllBytes(dir.resolve("a.o")));
    }

    @Test
    void masqueradeLinkRunsJdistcc(Installation jdistcc) throws IOException {
        // The compiler ignores _DISTCC_SAFEGUARD; distcc treats it as "I am my own compiler".
        String source = CSources.CLEAN.writeTo(dir);
        var user = jdistcc.userIn(dir);
        var masquerading = user.with("PATH", jdistcc.masqueradeDirectory() + ":" + user.environmentValue("PATH"))
                .with("_DISTCC_SAFEGUARD", "1");

        Outcome outcome = masquerading.runThroughShell("gcc", "-c", source, "-o", "a.o");

        assertEquals(111, outcome.exitCode(), outcome::toString);
    }

    @Test
    void refusesToRunItselfAsTheCompiler(Installation jdistcc) throws IOException {
        String source = CSources.CLEAN.writeTo(dir);

        Outcome outcome =
                jdistcc.userIn(dir).run(jdistcc.distcc().toString(), "distcc", "gcc", "-c", source, "-o", "a.o");

        assertEquals(111, outcome.exitCode(), outcome::toString);
        assertTrue(outcome.stderr().contains("recursive"), outcome::toString);
        assertFalse(Files.exists(dir.resolve("a.o")));
    }
}
