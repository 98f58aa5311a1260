package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volunteer's address may be served by jdistcc's daemon one day and by distcc 3.4's the next (an
 * admin goes back to Debian's package). What the client remembered of the first must not cost a
 * compile on the second, even with fallbacks off: the request the old kind would have understood
 * is sent again, once, in distcc's own dialect.
 */
@ExtendWith(RequiresInstallation.class)
class VolunteerChangedKindTest {
    @TempDir
    Path dir;

    @Test
    void aJdistccVolunteerReplacedByDistccOnTheSamePortStillCompiles(Installation jdistcc) throws Exception {
        String source = CSources.CLEAN.writeTo(dir);
        var user = jdistcc.userIn(dir).with("DISTCC_FALLBACK", "0");
        assertEquals(0, user.run("gcc", "-c", source, "-o", "local.o").exitCode());
        int port = FreePort.find();
        String hosts = "127.0.0.1:" + port;
        try (RunningDaemon ours =
                DaemonSetup.installed(jdistcc).port(port).jobs(2).start()) {
            Outcome first =
                    user.with("DISTCC_HOSTS", hosts).run(jdistcc.distcc().toString(), "gcc", "-c", source, "-o", "a.o");
            assertEquals(0, first.exitCode(), first::toString);
            assertTrue(ours.awaitLines(RemoteBuildTest.JDISTCC_OK, 1), ours::log);
        }
        try (RunningDaemon debian = DaemonSetup.debian().port(port).jobs(2).start()) {
            Outcome second =
                    user.with("DISTCC_HOSTS", hosts).run(jdistcc.distcc().toString(), "gcc", "-c", source, "-o", "b.o");
            assertEquals(0, second.exitCode(), second::toString);
            assertTrue(debian.awaitLines(RemoteBuildTest.DEBIAN_OK, 1), debian::log);
            assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("b.o")));
        }
    }
}
