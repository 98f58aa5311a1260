package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code JDISTCC_VERIFY} against a real volunteer that lies: the installed daemon, whose {@code gcc}
 * is a wrapper that runs the real one and then adds bytes to the object it wrote (its {@code cc} is the real,
 * honest compiler). Without verification the lie is kept; with it, an honest result is kept from
 * the volunteer, the lie is caught, this machine's object kept, and the volunteer is not used again.
 */
@ExtendWith(RequiresInstallation.class)
class LyingVolunteerTest {
    private static final String LYING_GCC = """
            #!/bin/sh
            out= prev=
            for arg; do [ "$prev" = -o ] && out=$arg; prev=$arg; done
            /usr/bin/gcc "$@" || exit
            case $out in *.o) printf 'not what gcc made' >>"$out" ;; esac
            """;

    @TempDir
    Path dir;

    @Test
    void aVolunteerWhoseObjectDiffersIsCaughtCountedAndNotUsedAgain(Installation jdistcc) throws Exception {
        Path tools = SharedDirectory.create("jdistcc-it-liar-");
        Path gcc = tools.resolve("gcc");
        Files.writeString(gcc, LYING_GCC);
        Files.setPosixFilePermissions(gcc, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("answer.c"), "int answer(void) { return 42; }\n");
        try (RunningDaemon daemon = DaemonSetup.installed(jdistcc)
                .environment("DISTCCD_PATH", tools + ":/usr/bin:/bin")
                .args("--sandbox-toolchain", tools.toString())
                .start()) {
            assertEquals(
                    0,
                    jdistcc.userIn(dir)
                            .run("gcc", "-O2", "-c", "answer.c", "-o", "local.o")
                            .exitCode());
            byte[] local = Files.readAllBytes(dir.resolve("local.o"));
            // Sent as "gcc" and "cc", not as the cross-compiler names, so the daemon runs the wrapper.
            // Its gcc is not this machine's (compiler identity): the user vouches for it in
            // $DISTCC_DIR/compilers, which is what JDISTCC_VERIFY is there to check.
            Path distccDir = Files.createDirectories(dir.resolve("distcc-dir"));
            Files.writeString(distccDir.resolve("compilers"), "127.0.0.1 gcc =\n");
            CommandRunner user = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", distccDir.toString())
                    .with("DISTCC_HOSTS", daemon.hostSpec(",lz4"))
                    .with("DISTCC_NO_REWRITE_CROSS", "1")
                    .with("DISTCC_VERBOSE", "1");

            // Jobs, not the hello that asks what the volunteer's compilers are.
            Outcome lied = compile(user, jdistcc, "gcc", "lied.o");
            assertTrue(daemon.awaitLines("source=answer.c", 1), daemon.log());
            assertFalse(
                    Arrays.equals(local, Files.readAllBytes(dir.resolve("lied.o"))),
                    "the wrapper lies: " + lied + "\n" + daemon.log());

            CommandRunner verifying = user.with("JDISTCC_VERIFY", "1");
            Outcome honest = compile(verifying, jdistcc, "cc", "honest.o");
            assertTrue(daemon.awaitLines("source=answer.c", 2), daemon.log());
            assertArrayEquals(local, Files.readAllBytes(dir.resolve("honest.o")));
            assertFalse(honest.stderr().contains("differs"), honest.stderr());
            assertTrue(honest.stderr().contains("verified answer.c"), honest.stderr());

            Outcome caught = compile(verifying, jdistcc, "gcc", "caught.o");
            assertTrue(daemon.awaitLines("source=answer.c", 3), daemon.log());
            assertArrayEquals(local, Files.readAllBytes(dir.resolve("caught.o")), "this machine's object is kept");
            assertTrue(
                    caught.stderr().contains("returned an object for answer.c that differs from this machine's"),
                    caught.stderr());
            try (var names = Files.list(dir)) {
                assertEquals(
                        0,
                        names.filter(p -> p.toString().endsWith(".volunteer")).count(),
                        "the lie is removed");
            }

            // Past distcc's backoff period too: the volunteer is distrusted for an hour.
            Outcome after = compile(user.with("DISTCC_BACKOFF_PERIOD", "0"), jdistcc, "cc", "after.o");
            assertArrayEquals(local, Files.readAllBytes(dir.resolve("after.o")));
            assertTrue(after.stderr().contains("skipping " + daemon.hostSpec("") + ": backed off"), after.stderr());
            assertEquals(3, daemon.countLines("source=answer.c"), daemon.log());

            Outcome stats = user.run(jdistcc.distcc().toString(), "--show-stats");
            assertTrue(stats.stdout().contains("object differs from this machine's"), stats.toString());
        } finally {
            SharedDirectory.deleteTree(tools);
        }
    }

    private static Outcome compile(CommandRunner user, Installation jdistcc, String compiler, String object) {
        Outcome outcome = user.run(jdistcc.distcc().toString(), compiler, "-O2", "-c", "answer.c", "-o", object);
        assertEquals(0, outcome.exitCode(), outcome.toString());
        return outcome;
    }
}
