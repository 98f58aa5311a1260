package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * ccache in front of our client ({@code CCACHE_PREFIX=distcc}, Debian's ccache, which {@code .ci/run}
 * installs): ccache's own hits never reach the volunteer, its misses do, and the volunteer's cache
 * answers what ccache forgot; distcc's own messages go to {@code UNCACHED_ERR_FD}, so a ccache hit
 * never replays them.
 */
@ExtendWith(RequiresInstallation.class)
class CcacheFrontTest {
    static final Path CCACHE = Path.of("/usr/bin/ccache");

    @TempDir
    Path dir;

    Path shared;

    @BeforeEach
    void ccacheIsThere() throws Exception {
        assertTrue(Files.isExecutable(CCACHE), CCACHE + " is missing: apt-get install ccache (.ci/run does)");
        shared = SharedDirectory.create("jdistcc-ccache-test-");
    }

    @AfterEach
    void removeShared() throws Exception {
        SharedDirectory.deleteTree(shared);
    }

    @Test
    void ccacheInFrontOfDistccCachesHereAndTheVolunteerCachesThere(Installation jdistcc) throws Exception {
        String source = CSources.CLEAN.writeTo(dir);
        Outcome here = jdistcc.userIn(dir).run("gcc", "-O2", "-c", source, "-o", "here.o");
        assertEquals(0, here.exitCode(), here::toString);
        byte[] expected = Files.readAllBytes(dir.resolve("here.o"));
        Path ccacheDir = Files.createDirectories(dir.resolve("ccache"));
        try (RunningDaemon daemon = DaemonSetup.installed(jdistcc)
                .jobs(4)
                .args("--cache-dir", SharedDirectory.in(shared, "cache").toString())
                .start()) {
            // A dead host first: distcc warns about it, on UNCACHED_ERR_FD, not in what ccache keeps.
            var user = jdistcc.userIn(dir)
                    .with("CCACHE_DIR", ccacheDir.toString())
                    .with("CCACHE_PREFIX", jdistcc.distcc().toString())
                    .with("DISTCC_HOSTS", "127.0.0.1:" + FreePort.find() + " " + daemon.hostSpec(""))
                    .with("DISTCC_BACKOFF_PERIOD", "0");

            Outcome first = user.run(CCACHE.toString(), "gcc", "-O2", "-c", source, "-o", "first.o");
            assertEquals(0, first.exitCode(), first::toString);
            assertTrue(first.stderr().contains("failed to distribute"), "distcc's warning is shown:\n" + first);
            assertTrue(daemon.awaitLines("cache=miss", 1), daemon::log);

            Outcome second = user.run(CCACHE.toString(), "gcc", "-O2", "-c", source, "-o", "second.o");
            assertEquals(0, second.exitCode(), second::toString);
            assertFalse(second.stderr().contains("distcc"), "a ccache hit replays no distcc message:\n" + second);
            assertEquals(1, daemon.countLines("outcome=ok"), "ccache answered; the volunteer saw nothing");

            Outcome cleared = user.run(CCACHE.toString(), "-C");
            assertEquals(0, cleared.exitCode(), cleared::toString);
            Outcome third = user.run(CCACHE.toString(), "gcc", "-O2", "-c", source, "-o", "third.o");
            assertEquals(0, third.exitCode(), third::toString);
            assertTrue(daemon.awaitLines("cache=hit", 1), "the volunteer's cache answered:\n" + daemon.log());

            for (String object : new String[] {"first.o", "second.o", "third.o"}) {
                assertArrayEquals(expected, Files.readAllBytes(dir.resolve(object)), object);
            }
        }
    }
}
