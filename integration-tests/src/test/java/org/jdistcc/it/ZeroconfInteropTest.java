package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.ProcessTree;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * distcc 3.4's {@code +zeroconf} (Debian's client, which browses through avahi over D-Bus) finds
 * and uses our {@code distccd --zeroconf}: ours in one network namespace; in the other, a D-Bus
 * of the test's own and Debian's avahi-daemon, unpacked by {@code scripts/fetch-avahi.sh} rather
 * than installed (no system service starts), speaking on the veth link only. Needs root.
 */
@ExtendWith(RequiresInstallation.class)
class ZeroconfInteropTest {
    static final Path DISTCC = Path.of("/usr/bin/distcc");

    @TempDir
    Path dir;

    @Test
    void debiansClientFindsOurVolunteerThroughAvahi(Installation jdistcc) throws Exception {
        Assumptions.assumeTrue(NamespacePair.canMake(), "network namespaces need root to make them");
        Path avahiDir = SharedDirectory.create("jdistcc-avahi-");
        Path repo = ZlibTree.repositoryRoot();
        Outcome fetched = CommandRunner.in(repo)
                .withTimeout(Duration.ofMinutes(5))
                .run("bash", repo.resolve("scripts/fetch-avahi.sh").toString(), avahiDir.toString());
        assertEquals(0, fetched.exitCode(), fetched::toString);
        Path avahi = Path.of(fetched.stdout().strip());
        int port = FreePort.find();
        List<Process> started = new ArrayList<>();
        try (var link = new NamespacePair("i");
                RunningDaemon volunteer = DaemonSetup.installed(jdistcc)
                        .inNetworkNamespace(link.first)
                        .listenEverywhere()
                        .port(port)
                        .jobs(3)
                        .args("--allow", link.secondAddress, "--zeroconf")
                        .start()) {
            volunteer.awaitLog(l -> l.contains("zeroconf: announcing"), Duration.ofSeconds(20));
            String bus = "unix:path=" + dir.resolve("bus");
            Files.writeString(dir.resolve("bus.conf"), """
                    <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
                     "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                    <busconfig>
                      <type>system</type>
                      <listen>%s</listen>
                      <auth>EXTERNAL</auth>
                      <policy context="default">
                        <allow user="*"/>
                        <allow own="*"/>
                        <allow send_destination="*" eavesdrop="true"/>
                        <allow receive_sender="*"/>
                      </policy>
                    </busconfig>
                    """.formatted(bus));
            Files.writeString(dir.resolve("avahi.conf"), """
                    [server]
                    host-name=jdistcc-interop
                    use-ipv4=yes
                    use-ipv6=no
                    allow-interfaces=eth0
                    enable-dbus=yes
                    [wide-area]
                    enable-wide-area=no
                    [publish]
                    publish-hinfo=no
                    publish-workstation=no
                    """);
            CommandRunner root = CommandRunner.in(dir).with("DBUS_SYSTEM_BUS_ADDRESS", bus);
            started.add(root.start(
                    NamespacePair.in(
                            link.second,
                            "dbus-daemon",
                            "--config-file=" + dir.resolve("bus.conf"),
                            "--nofork",
                            "--nopidfile"),
                    dir.resolve("dbus.out"),
                    dir.resolve("dbus.err")));
            awaitFile(dir.resolve("bus"), Duration.ofSeconds(10));
            // ip netns exec gives the command a mount namespace of its own: avahi's pid file, and
            // the user 'avahi' it looks up even when it keeps root, go there and nowhere else.
            Files.writeString(
                    dir.resolve("passwd"),
                    Files.readString(Path.of("/etc/passwd")) + "avahi:x:65534:65534::/nonexistent:/usr/sbin/nologin\n");
            Files.writeString(dir.resolve("group"), Files.readString(Path.of("/etc/group")) + "avahi:x:65534:\n");
            started.add(root.start(
                    NamespacePair.in(
                            link.second,
                            "sh",
                            "-c",
                            "mount --bind " + dir.resolve("passwd") + " /etc/passwd"
                                    + " && mount --bind " + dir.resolve("group") + " /etc/group"
                                    + " && mkdir -p /run/avahi-daemon && mount -t tmpfs none /run/avahi-daemon"
                                    + " && exec \"$0\" \"$@\"",
                            avahi.toString(),
                            "--no-drop-root",
                            "--no-chroot",
                            "--no-rlimits",
                            "--no-proc-title",
                            "-f",
                            dir.resolve("avahi.conf").toString()),
                    dir.resolve("avahi.out"),
                    dir.resolve("avahi.err")));
            awaitText(dir.resolve("avahi.err"), "Server startup complete", Duration.ofSeconds(20));

            Files.createDirectories(dir.resolve("distcc-3.4")); // 3.4 makes only its subdirectories
            CommandRunner user = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", dir.resolve("distcc-3.4").toString())
                    .with("DISTCC_HOSTS", "+zeroconf")
                    .with("DBUS_SYSTEM_BUS_ADDRESS", bus)
                    .withTimeout(Duration.ofSeconds(30));
            String expected = link.firstAddress + ":" + port + "/3";
            // 3.4's client starts its zeroconf daemon, waits a second and reads what it wrote so far.
            Outcome hosts = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                hosts = user.run(NamespacePair.in(link.second, DISTCC.toString(), "--show-hosts"));
                if (hosts.stdout().contains(expected)) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals(
                    expected + "\n", hosts.stdout(), hosts + "\navahi:\n" + Files.readString(dir.resolve("avahi.err")));

            Files.writeString(dir.resolve("z.c"), "int z(void) { return 34; }\n");
            Outcome compiled = user.with("DISTCC_FALLBACK", "0")
                    .run(NamespacePair.in(link.second, DISTCC.toString(), "gcc", "-c", "z.c", "-o", "z.o"));
            assertEquals(0, compiled.exitCode(), compiled::toString);
            assertTrue(volunteer.awaitLines(RemoteBuildTest.JDISTCC_OK, 1), volunteer::log);
        } finally {
            for (Process p : started.reversed()) {
                ProcessTree.stop(p.toHandle(), Duration.ofSeconds(5));
            }
            SharedDirectory.deleteTree(avahiDir);
        }
    }

    private static void awaitFile(Path file, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " did not appear within " + bound);
            }
            Thread.sleep(20);
        }
    }

    private static void awaitText(Path file, String text, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!(Files.exists(file) && Files.readString(file).contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in " + file + " within " + bound + ":\n"
                        + (Files.exists(file) ? Files.readString(file) : "(none)"));
            }
            Thread.sleep(50);
        }
    }
}
