package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Placement by expected finish with real volunteers on loopback: two daemons with two slots each,
 * the one listed first slowed (its gcc, found on {@code DISTCCD_PATH}, sleeps before compiling).
 * distcc 3.4 takes the first free slot in list order ({@code src/where.c}), so the slow host gets a
 * share of every build; our client learns the hosts' paces in {@code DISTCC_DIR} during the first
 * build and, once the slow one is known, waits for the fast one's slots instead. Both with our
 * daemons and with Debian's distccd 3.4, which take part only through the paces the client learns.
 */
@ExtendWith(RequiresInstallation.class)
class SlowVolunteerTest {
    static final int FILES = 16;
    /** Far above a small compile, even on a loaded machine, so the slow host stays slow. */
    static final String SLOW_SECONDS = "3";

    static Path slowCompilers;

    @TempDir
    Path dir;

    @BeforeAll
    static void slowGcc() throws IOException {
        slowCompilers = SharedDirectory.create("jdistcc-slow-gcc");
        // A distcc 3.4 volunteer is sent the target-qualified name (x86_64-linux-gnu-gcc), as
        // distcc 3.4's client does; ours, the name as typed.
        Outcome machine = CommandRunner.in(slowCompilers).run("gcc", "-dumpmachine");
        assertEquals(0, machine.exitCode(), machine::toString);
        for (String name : List.of("gcc", machine.stdout().strip() + "-gcc")) {
            Path gcc = slowCompilers.resolve(name);
            Files.writeString(gcc, "#!/bin/sh\n/bin/sleep " + SLOW_SECONDS + "\nexec /usr/bin/" + name + " \"$@\"\n");
            Files.setPosixFilePermissions(gcc, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @AfterAll
    static void removeSlowGcc() {
        SharedDirectory.deleteTree(slowCompilers);
    }

    @ParameterizedTest(name = "{0} volunteers")
    @ValueSource(strings = {"jdistcc", "distcc 3.4"})
    void aSlowHostListedFirstIsLearnedAndThenLeftAlone(String kind, Installation jdistcc) throws Exception {
        boolean debian = kind.startsWith("distcc");
        String ok = debian ? RemoteBuildTest.DEBIAN_OK : RemoteBuildTest.JDISTCC_OK;
        writeProject();
        DaemonSetup slowSetup = setup(debian, jdistcc).environment("DISTCCD_PATH", slowCompilers + ":/usr/bin:/bin");
        if (!debian) {
            // Our sandbox shows a compiler only the toolchain: the slow wrappers are part of it here.
            slowSetup = slowSetup.args("--sandbox-toolchain", slowCompilers.toString());
        }
        try (RunningDaemon slow = slowSetup.start();
                RunningDaemon fast = setup(debian, jdistcc).start()) {
            String hosts = slow.hostSpec("/2") + " " + fast.hostSpec("/2");

            // The first build learns: the slow host's first compiles take its time (or are
            // started here too once it is known to lag, and cancelled there).
            make(jdistcc, hosts, "first build, learning");
            Thread.sleep(Duration.ofSeconds(Long.parseLong(SLOW_SECONDS) + 1));
            long fastBefore = fast.countLines(ok);
            long slowBefore = slow.countLines(ok);

            deleteObjects();
            make(jdistcc, hosts, "second build, paces known");
            // A compile on the fast host that lags on a loaded machine may be finished here
            // instead: most, not all, are the fast host's.
            assertTrue(fast.awaitLines(ok, fastBefore + FILES * 3 / 4), fast::log);
            assertEquals(slowBefore, slow.countLines(ok), "nothing more went to the slow host:\n" + slow.log());
        }
    }

    private static DaemonSetup setup(boolean debian, Installation jdistcc) {
        return (debian ? DaemonSetup.debian() : DaemonSetup.installed(jdistcc)).jobs(2);
    }

    private void make(Installation jdistcc, String hosts, String what) throws IOException {
        Outcome made = jdistcc.userIn(dir)
                .with("DISTCC_HOSTS", hosts)
                .with("DISTCC_FALLBACK", "0")
                .withTimeout(Duration.ofMinutes(3))
                .run("make", "-j4", "CC=" + jdistcc.distcc() + " gcc");
        assertEquals(0, made.exitCode(), what + ": " + made);
        for (String object : objects()) {
            assertTrue(Files.size(dir.resolve(object)) > 0, what + ": " + object + " is empty");
        }
    }

    private void writeProject() throws IOException {
        for (int i = 0; i < FILES; i++) {
            Files.writeString(dir.resolve(String.format("f%02d.c", i)), """
                    #include <stdio.h>
                    int f%02d(int x) { printf("%%d\\n", x); return x * %d; }
                    """.formatted(i, i + 1));
        }
        Files.writeString(dir.resolve("Makefile"), """
                all: %s
                %%.o: %%.c
                \t$(CC) -O2 -c $< -o $@
                """.formatted(String.join(" ", objects())));
    }

    private void deleteObjects() throws IOException {
        for (String object : objects()) {
            Files.delete(dir.resolve(object));
        }
    }

    private static List<String> objects() {
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            objects.add(String.format("f%02d.o", i));
        }
        return objects;
    }
}
