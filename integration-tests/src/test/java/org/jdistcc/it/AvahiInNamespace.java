package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.ProcessTree;
import org.jdistcc.testing.SharedDirectory;

/**
 * What distcc 3.4's zeroconf needs in a network namespace: a D-Bus system bus of the test's own
 * (its address in {@link #bus}, which 3.4's programs read from {@code DBUS_SYSTEM_BUS_ADDRESS}) and
 * Debian's avahi-daemon, unpacked by {@code scripts/fetch-avahi.sh} rather than installed, so that
 * no system service starts; it speaks on the namespace's {@code eth0} only. Its pid file and the
 * user {@code avahi} it looks up live in the mount namespace {@code ip netns exec} gives it.
 */
final class AvahiInNamespace implements AutoCloseable {
    final String bus;
    private final Path avahiDir;
    private final List<Process> started = new ArrayList<>();

    AvahiInNamespace(String namespace, Path dir) throws Exception {
        avahiDir = SharedDirectory.create("jdistcc-avahi-");
        try {
            Path repo = ZlibTree.repositoryRoot();
            Outcome fetched = CommandRunner.in(repo)
                    .withTimeout(Duration.ofMinutes(5))
                    .run("bash", repo.resolve("scripts/fetch-avahi.sh").toString(), avahiDir.toString());
            assertEquals(0, fetched.exitCode(), fetched::toString);
            Path avahi = Path.of(fetched.stdout().strip());
            // Where a volunteer that left root (distccd --user nobody) can reach it too.
            bus = "unix:path=" + avahiDir.resolve("bus");
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
            Files.writeString(
                    dir.resolve("passwd"),
                    Files.readString(Path.of("/etc/passwd")) + "avahi:x:65534:65534::/nonexistent:/usr/sbin/nologin\n");
            Files.writeString(dir.resolve("group"), Files.readString(Path.of("/etc/group")) + "avahi:x:65534:\n");
            CommandRunner root = CommandRunner.in(dir).with("DBUS_SYSTEM_BUS_ADDRESS", bus);
            started.add(root.start(
                    NamespacePair.in(
                            namespace,
                            "dbus-daemon",
                            "--config-file=" + dir.resolve("bus.conf"),
                            "--nofork",
                            "--nopidfile"),
                    dir.resolve("dbus.out"),
                    dir.resolve("dbus.err")));
            awaitText(avahiDir.resolve("bus"), null, Duration.ofSeconds(10));
            started.add(root.start(
                    NamespacePair.in(
                            namespace,
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
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** Waits, bounded, for {@code file} to exist and, unless {@code text} is null, to hold it. */
    static void awaitText(Path file, String text, Duration bound) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!(Files.exists(file) && (text == null || Files.readString(file).contains(text)))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + (text == null ? "file" : "'" + text + "' in") + " " + file + " within "
                        + bound + ":\n" + (Files.exists(file) ? Files.readString(file) : "(none)"));
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        for (Process p : started.reversed()) {
            ProcessTree.stop(p.toHandle(), Duration.ofSeconds(5));
        }
        started.clear();
        SharedDirectory.deleteTree(avahiDir);
    }
}
