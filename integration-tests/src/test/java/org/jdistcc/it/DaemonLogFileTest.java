package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The installed {@code bin/distccd} with a {@code --log-file} its user cannot write: as root, the
 * launcher leaves root with {@code setpriv} before the JVM starts, so the file must be writable by
 * {@code --user}, not by root; the daemon says so and exits 107 instead of serving with no log.
 */
@ExtendWith(RequiresInstallation.class)
class DaemonLogFileTest {
    private Path dir;

    @AfterEach
    void remove() throws IOException {
        if (dir != null) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.deleteIfExists(dir.resolve("daemon.log"));
            Files.delete(dir);
        }
    }

    @Test
    void refusesToStartWhenItsUserCannotWriteTheLogFile(Installation jdistcc) throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("jdistcc-log-");
        // As root: a directory only root may write in, which nobody can still read; else one nobody may write in.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(root ? "rwxr-xr-x" : "r-xr-xr-x"));
        Path log = dir.resolve("daemon.log");

        Outcome outcome = jdistcc.userIn(dir)
                .run(
                        jdistcc.prefix().resolve("bin/distccd").toString(),
                        "--no-detach",
                        "--allow",
                        "127.0.0.1",
                        "--listen",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(FreePort.find()),
                        "--user",
                        "nobody",
                        "--log-file",
                        log.toString());

        assertEquals(107, outcome.exitCode(), outcome::toString);
        String user = root ? "nobody" : System.getProperty("user.name");
        assertTrue(
                outcome.stderr()
                        .contains("distccd: ERROR: cannot write --log-file " + log + " (Permission denied) as user "
                                + user),
                outcome::toString);
        assertFalse(Files.exists(log), "a log file was created for the daemon");
    }
}
