package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdistcc.testing.FakeVolunteer;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Volunteers that misbehave never cost the user a build or a bad object: the client notices
 * within its timeouts and compiles elsewhere or here. Interrupting the client leaves nothing.
 */
@ExtendWith(RequiresInstallation.class)
class BrokenVolunteerTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = FakeVolunteer.Behaviour.class, names = "MUTE", mode = EnumSource.Mode.EXCLUDE)
    void badReplyFallsBackToALocalCompileWithTheRightObject(FakeVolunteer.Behaviour behaviour, Installation jdistcc)
            throws IOException {
        String source = CSources.CLEAN.writeTo(dir);
        var user = jdistcc.userIn(dir);
        assertEquals(0, user.run("gcc", "-c", source, "-o", "local.o").exitCode());
        try (var volunteer = new FakeVolunteer(behaviour)) {
            Outcome outcome = user.with("DISTCC_HOSTS", "127.0.0.1:" + volunteer.port())
                    .with("DISTCC_IO_TIMEOUT", "3")
                    .run(jdistcc.distcc().toString(), "gcc", "-c", source, "-o", "a.o");
            assertEquals(0, outcome.exitCode(), outcome::toString);
            assertEquals(1, volunteer.jobs(), "the client asked the volunteer first");
            assertTrue(outcome.stderr().contains("Warning"), outcome::toString);
            assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("a.o")));
            assertEquals(List.of(), leftovers(dir), "temp files left behind");
        }
    }

    @Test
    void badReplyWithoutFallbackFailsAndWritesNoObject(Installation jdistcc) throws IOException {
        String source = CSources.CLEAN.writeTo(dir);
        try (var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.TRUNCATED_OBJECT)) {
            Outcome outcome = jdistcc.userIn(dir)
                    .with("DISTCC_HOSTS", "127.0.0.1:" + volunteer.port())
                    .with("DISTCC_FALLBACK", "0")
                    .run(jdistcc.distcc().toString(), "gcc", "-c", source, "-o", "a.o");
            assertEquals(108, outcome.exitCode(), outcome::toString);
            assertFalse(Files.exists(dir.resolve("a.o")), "no half-written object");
            assertEquals(List.of(), leftovers(dir));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Signal.class,
            names = {"INT", "TERM", "HUP"})
    void interruptedClientLeavesNoObjectAndNoTempFile(Signal signal, Installation jdistcc) throws Exception {
        String source = CSources.CLEAN.writeTo(dir);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.SILENT)) {
            // The cold path, which cleans up before it exits; AgentTest interrupts a launcher whose
            // agent cleans up after it.
            Process client = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", dir.resolve(".distcc").toString())
                    .with("DISTCC_HOSTS", "127.0.0.1:" + volunteer.port())
                    .with("TMPDIR", tmp.toString())
                    .with("JDISTCC_AGENT", "0")
                    .start(
                            // SIGINT's default action even when this JVM was started with it ignored (by a
                            // shell's background job), which a process inherits through exec.
                            List.of(
                                    "env",
                                    "--default-signal=INT",
                                    jdistcc.distcc().toString(),
                                    "gcc",
                                    "-c",
                                    source,
                                    "-o",
                                    "a.o"),
                            dir.resolve("out.txt"),
                            dir.resolve("err.txt"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (volunteer.jobs() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, volunteer.jobs(), "the client reached the volunteer");
            Thread.sleep(300); // let it send its request and wait for the reply
            new ProcessBuilder("kill", "-" + signal.name(), Long.toString(client.pid()))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the client exits on SIG" + signal);
            assertEquals(128 + signal.number, client.exitValue());
            assertFalse(Files.exists(dir.resolve("a.o")));
            assertEquals(List.of(), leftovers(dir));
            try (Stream<Path> inTmp = Files.list(tmp)) {
                assertEquals(List.of(), inTmp.toList(), "preprocessed temp files left in TMPDIR");
            }
        }
    }

    enum Signal {
        HUP(1),
        INT(2),
        TERM(15);

        final int number;

        Signal(int number) {
            this.number = number;
        }
    }

    /** Our temp objects are hidden files named after the target; nothing of the kind may stay. */
    static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains("distcc-tmp"))
                    .toList();
        }
    }
}
