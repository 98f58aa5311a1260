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
import org.jdistcc.testing.ProcessTree;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * distcc 3.4's zeroconf (Debian's client and daemon, which reach avahi over D-Bus) and ours, each
 * in a network namespace of its own, over multicast DNS on the veth link between them: Debian's
 * {@code +zeroconf} finds and uses our {@code distccd --zeroconf}, and our {@code +zeroconf} finds
 * Debian's {@code distccd --zeroconf}. Avahi runs in 3.4's namespace ({@link AvahiInNamespace}).
 * Needs root.
 */
@ExtendWith(RequiresInstallation.class)
class ZeroconfInteropTest {
    static final Path DISTCC = Path.of("/usr/bin/distcc");
    static final Path DISTCCD = Path.of("/usr/bin/distccd");

    @TempDir
    Path dir;

    @Test
    void debiansClientFindsOurVolunteerThroughAvahi(Installation jdistcc) throws Exception {
        Assumptions.assumeTrue(NamespacePair.canMake(), "network namespaces need root to make them");
        int port = FreePort.find();
        try (var link = new NamespacePair("i");
                RunningDaemon volunteer = DaemonSetup.installed(jdistcc)
                        .inNetworkNamespace(link.first)
                        .listenEverywhere()
                        .port(port)
                        .jobs(3)
                        .args("--allow", link.secondAddress, "--zeroconf")
                        .start();
                var avahi = new AvahiInNamespace(link.second, dir)) {
            volunteer.awaitLog(l -> l.contains("zeroconf: announcing"), Duration.ofSeconds(20));
            Files.createDirectories(dir.resolve("distcc-3.4")); // 3.4 makes only its subdirectories
            CommandRunner user = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", dir.resolve("distcc-3.4").toString())
                    .with("DISTCC_HOSTS", "+zeroconf")
                    .with("DBUS_SYSTEM_BUS_ADDRESS", avahi.bus)
                    .withTimeout(Duration.ofSeconds(30));
            String expected = link.firstAddress + ":" + port + "/3";
            // 3.4's client starts its zeroconf daemon, waits a second and reads what it wrote so far.
            Outcome hosts = awaitHosts(user, link.second, DISTCC, expected);
            assertEquals(
                    expected + "\n", hosts.stdout(), hosts + "\navahi:\n" + Files.readString(dir.resolve("avahi.err")));

            Files.writeString(dir.resolve("z.c"), "int z(void) { return 34; }\n");
            Outcome compiled = user.with("DISTCC_FALLBACK", "0")
                    .run(NamespacePair.in(link.second, DISTCC.toString(), "gcc", "-c", "z.c", "-o", "z.o"));
            assertEquals(0, compiled.exitCode(), compiled::toString);
            assertTrue(volunteer.awaitLines(RemoteBuildTest.JDISTCC_OK, 1), volunteer::log);
        }
    }

    @Test
    void ourClientFindsDebiansVolunteerAnnouncedThroughAvahi(Installation jdistcc) throws Exception {
        Assumptions.assumeTrue(NamespacePair.canMake(), "network namespaces need root to make them");
        int port = FreePort.find();
        try (var link = new NamespacePair("j");
                var avahi = new AvahiInNamespace(link.second, dir)) {
            Process debian = CommandRunner.in(dir)
                    .with("DBUS_SYSTEM_BUS_ADDRESS", avahi.bus)
                    .start(
                            NamespacePair.in(
                                    link.second,
                                    DISTCCD.toString(),
                                    "--daemon",
                                    "--no-detach",
                                    "--zeroconf",
                                    "--user",
                                    "nobody",
                                    "--port",
                                    Integer.toString(port),
                                    "--jobs",
                                    "2",
                                    "--allow",
                                    link.firstAddress,
                                    "--log-level",
                                    "info",
                                    "--log-stderr"),
                            dir.resolve("distccd.out"),
                            dir.resolve("distccd.err"));
            try {
                String expected = link.secondAddress + ":" + port + "/2";
                CommandRunner user = jdistcc.userIn(dir)
                        .with("DISTCC_DIR", dir.resolve("ours").toString())
                        .with("JDISTCC_AGENT", "0")
                        .with("DISTCC_HOSTS", "+zeroconf")
                        .withTimeout(Duration.ofSeconds(30));
                Outcome hosts = awaitHosts(user, link.first, jdistcc.distcc(), expected);
                assertEquals(
                        List.of(expected),
                        hosts.stdout().lines().toList(),
                        hosts + "\navahi:\n" + Files.readString(dir.resolve("avahi.err")) + "\ndistccd 3.4:\n"
                                + Files.readString(dir.resolve("distccd.err")));
            } finally {
                ProcessTree.stop(debian.toHandle(), Duration.ofSeconds(5));
            }
        }
    }

    /** {@code --show-hosts} in {@code namespace} until it lists {@code expected}, for at most 20 s. */
    private static Outcome awaitHosts(CommandRunner user, String namespace, Path distcc, String expected)
            throws InterruptedException {
        Outcome hosts = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            hosts = user.run(NamespacePair.in(namespace, distcc.toString(), "--show-hosts"));
            if (hosts.stdout().contains(expected)) {
                break;
            }
            Thread.sleep(500);
        }
        return hosts;
    }
}
