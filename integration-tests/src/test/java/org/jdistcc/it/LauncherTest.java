package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the installed {@code bin/distcc} script itself promises. */
@ExtendWith(RequiresInstallation.class)
class LauncherTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"--version", "--help"})
    void answersVersionAndHelpOnStdout(String option, Installation jdistcc) {
        Outcome outcome = jdistcc.userIn(dir).run(jdistcc.distcc().toString(), option);

        assertEquals(0, outcome.exitCode(), outcome::toString);
        assertFalse(outcome.stdout().isBlank(), outcome::toString);
        if (option.equals("--version")) {
            // Scripts parse this line as distcc 3.4 prints it: "distcc VERSION ...".
            assertTrue(outcome.stdout().startsWith("distcc "), outcome::toString);
        }
        assertEquals("", outcome.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"})
    void javaOptionVariablesDoNotReachTheCompilersStderr(String variable, Installation jdistcc) throws IOException {
        // The JVM reports these as "Picked up ..." on stderr.
        String source = CSources.WARNING.writeTo(dir);
        var user = jdistcc.userIn(dir);

        Outcome gcc = user.run("gcc", "-Wall", "-c", source, "-o", "by-gcc.o");
        Outcome distcc = user.with(variable, "-Dsome.property=1")
                .run(jdistcc.distcc().toString(), "gcc", "-Wall", "-c", source, "-o", "warning.o");

        assertEquals(gcc, distcc);
    }

    @Test
    void clientClasspathHoldsNoDaemonLibraries(Installation jdistcc) throws IOException {
        var classpath = Pattern.compile("-cp '([^']*)'").matcher(Files.readString(jdistcc.coldLauncher()));
        assertTrue(classpath.find(), jdistcc.coldLauncher() + " has no -cp");

        for (String jar : classpath.group(1).split(":", -1)) {
            String name = Path.of(jar).getFileName().toString();
            assertTrue(Files.isRegularFile(Path.of(jar)), jar);
            assertFalse(name.matches("(picocli|logback|slf4j).*"), "client classpath holds " + name);
        }
    }
}
