package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Dnsmasq;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code +srv=} and {@code +addresses=} against a real name server (Debian's dnsmasq on a loopback
 * port, named to the client by {@code JDISTCC_DNS_SERVER}) and real volunteers on 127.0.0.2 and
 * 127.0.0.3, one port for both: what {@code --show-hosts} shows, where compiles go, what is looked
 * up how often, what a name that does not resolve costs, and what {@code lsdistcc} lists.
 */
@ExtendWith(RequiresInstallation.class)
class DnsDiscoveryTest {
    @TempDir
    Path dir;

    private RunningDaemon volunteer(Installation jdistcc, String address, int port) throws Exception {
        return DaemonSetup.installed(jdistcc)
                .listen(address)
                .port(port)
                .args("--allow", "127.0.0.0/8")
                .start();
    }

    private Dnsmasq dns(String domain, int port) throws Exception {
        return Dnsmasq.start(
                dir,
                List.of(
                        "127.0.0.2 vol1." + domain,
                        "127.0.0.3 vol2." + domain,
                        "127.0.0.2 multi." + domain,
                        "127.0.0.3 multi." + domain),
                List.of(
                        "--local=/" + domain + "/",
                        "--srv-host=_distcc._tcp." + domain + ",vol1." + domain + "," + port + ",0,10",
                        "--srv-host=_distcc._tcp." + domain + ",vol2." + domain + "," + port + ",1,10"),
                300);
    }

    private CommandRunner user(Installation jdistcc, Dnsmasq dns, String hosts) {
        return jdistcc.userIn(dir)
                .with("DISTCC_HOSTS", hosts)
                .with("JDISTCC_DNS_SERVER", dns.address())
                .with("DISTCC_FALLBACK", "0");
    }

    @Test
    void srvRecordsAreTheVolunteersLookedUpOncePerTtlAndLockedByAddress(Installation jdistcc) throws Exception {
        int port = FreePort.find();
        String domain = "srv" + port + ".test";
        try (Dnsmasq dns = dns(domain, port);
                RunningDaemon vol1 = volunteer(jdistcc, "127.0.0.2", port);
                RunningDaemon vol2 = volunteer(jdistcc, "127.0.0.3", port)) {
            CommandRunner user = user(jdistcc, dns, "+srv=" + domain + "/2");
            Outcome hosts = user.run(jdistcc.distcc().toString(), "--show-hosts");
            assertEquals("127.0.0.2:" + port + "/2\n127.0.0.3:" + port + "/2\n", hosts.stdout(), hosts::toString);
            assertEquals("4\n", user.run(jdistcc.distcc().toString(), "-j").stdout());

            for (int i = 0; i < 6; i++) {
                Files.writeString(dir.resolve("f" + i + ".c"), "int f" + i + "(void) { return " + i + "; }\n");
                Outcome compiled =
                        user.run(jdistcc.distcc().toString(), "gcc", "-c", "f" + i + ".c", "-o", "f" + i + ".o");
                assertEquals(0, compiled.exitCode(), compiled::toString);
                assertEquals("", compiled.stderr(), "no warning");
            }
            // A daemon writes its job line after the reply: a bounded wait for the six.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            long remote = 0;
            while (System.nanoTime() < deadline && remote < 6) {
                remote = vol1.countLines(RemoteBuildTest.JDISTCC_OK) + vol2.countLines(RemoteBuildTest.JDISTCC_OK);
                Thread.sleep(20);
            }
            assertEquals(6, remote, () -> vol1.log() + vol2.log());
            assertEquals(1, dns.queries("_distcc._tcp." + domain), dns::log);
            Path locks = Path.of(user.environmentValue("DISTCC_DIR"), "lock");
            assertTrue(
                    Files.exists(locks.resolve("cpu_tcp_127.0.0.2_" + port + "_0")),
                    "slots are locked by address, as distcc 3.4 locks its +zeroconf hosts");
        }
    }

    @Test
    void aNameWithTwoAddressesIsTwoVolunteers(Installation jdistcc) throws Exception {
        int port = FreePort.find();
        String domain = "multi" + port + ".test";
        try (Dnsmasq dns = dns(domain, port)) {
            Outcome hosts = user(jdistcc, dns, "+addresses=multi." + domain + ":" + port + "/3,lzo")
                    .run(jdistcc.distcc().toString(), "--show-hosts");
            assertEquals(
                    List.of("127.0.0.2:" + port + "/3,lzo", "127.0.0.3:" + port + "/3,lzo"),
                    hosts.stdout().lines().sorted().toList(),
                    hosts::toString);
        }
    }

    @Test
    void aNameThatDoesNotResolveIsAWarningAndTheOtherHostsAreUsed(Installation jdistcc) throws Exception {
        int port = FreePort.find();
        String domain = "gone" + port + ".test";
        try (Dnsmasq dns = dns(domain, port);
                RunningDaemon vol1 = volunteer(jdistcc, "127.0.0.2", port)) {
            CommandRunner user = user(jdistcc, dns, "+srv=nothing." + domain + " 127.0.0.2:" + port + "/2");
            Files.writeString(dir.resolve("a.c"), "int a(void) { return 1; }\n");
            Outcome compiled = user.run(jdistcc.distcc().toString(), "gcc", "-c", "a.c", "-o", "a.o");
            assertEquals(0, compiled.exitCode(), compiled::toString);
            assertTrue(
                    compiled.stderr()
                            .contains(
                                    "+srv=nothing." + domain + ": _distcc._tcp.nothing." + domain + " does not exist"),
                    compiled::toString);
            assertTrue(vol1.awaitLines(RemoteBuildTest.JDISTCC_OK, 1), vol1::log);
        }
    }

    @Test
    void lsdistccListsWhatTheRecordsFindAndWhetherItAnswers(Installation jdistcc) throws Exception {
        int port = FreePort.find();
        String domain = "ls" + port + ".test";
        try (Dnsmasq dns = dns(domain, port);
                RunningDaemon vol2 = volunteer(jdistcc, "127.0.0.3", port)) {
            Outcome ls = user(jdistcc, dns, "localhost")
                    .run(jdistcc.prefix().resolve("bin/lsdistcc").toString(), "-x", "+srv=" + domain);
            assertEquals(0, ls.exitCode(), ls::toString);
            assertEquals(
                    List.of("127.0.0.2:" + port + "/4,down", "127.0.0.3:" + port + "/4"),
                    ls.stdout().lines().toList(),
                    "vol1 is not running: down; " + ls);
        }
    }
}
