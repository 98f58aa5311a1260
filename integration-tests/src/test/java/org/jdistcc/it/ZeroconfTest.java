package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distccd --zeroconf} in one network namespace, found by {@code +zeroconf} and by {@code
 * lsdistcc +zeroconf} in another, over multicast DNS on the veth link between them
 * ({@link NamespacePair}): the volunteer is listed as distcc 3.4's zeroconf hosts file lists it
 * ({@code ADDRESS:PORT/JOBS}) and compiles. Making namespaces needs root: as another user the test is
 * skipped, saying so.
 */
@ExtendWith(RequiresInstallation.class)
class ZeroconfTest {
    @TempDir
    Path dir;

    @Test
    void aVolunteerAnnouncedInOneNamespaceIsFoundAndUsedFromAnother(Installation jdistcc) throws Exception {
        Assumptions.assumeTrue(NamespacePair.canMake(), "mDNS between network namespaces needs root to make them");
        int port = FreePort.find();
        try (var link = new NamespacePair("z");
                RunningDaemon volunteer = DaemonSetup.installed(jdistcc)
                        .inNetworkNamespace(link.first)
                        .listenEverywhere()
                        .port(port)
                        .jobs(3)
                        .args("--allow", link.secondAddress, "--zeroconf")
                        .start()) {
            volunteer.awaitLog(l -> l.contains("zeroconf: announcing"), Duration.ofSeconds(20));
            // A DISTCC_DIR of the namespace's own, and no agent: the shared one runs outside it.
            CommandRunner user = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", dir.resolve("distcc-dir").toString())
                    .with("JDISTCC_AGENT", "0")
                    .with("DISTCC_HOSTS", "+zeroconf")
                    .with("DISTCC_FALLBACK", "0")
                    .withTimeout(Duration.ofMinutes(1));
            String expected = link.firstAddress + ":" + port + "/3";

            Outcome hosts =
                    user.run(NamespacePair.in(link.second, jdistcc.distcc().toString(), "--show-hosts"));
            assertEquals(expected + "\n", hosts.stdout(), hosts::toString);

            Files.writeString(dir.resolve("z.c"), "int z(void) { return 26; }\n");
            Outcome compiled = user.run(
                    NamespacePair.in(link.second, jdistcc.distcc().toString(), "gcc", "-c", "z.c", "-o", "z.o"));
            assertEquals(0, compiled.exitCode(), compiled::toString);
            assertTrue(volunteer.awaitLines(RemoteBuildTest.JDISTCC_OK, 1), volunteer::log);

            Outcome ls = user.with("DISTCC_DIR", dir.resolve("fresh").toString())
                    .run(NamespacePair.in(
                            link.second,
                            jdistcc.prefix().resolve("bin/lsdistcc").toString(),
                            "+zeroconf"));
            assertEquals(List.of(expected), ls.stdout().lines().toList(), ls::toString);
        }
    }
}
