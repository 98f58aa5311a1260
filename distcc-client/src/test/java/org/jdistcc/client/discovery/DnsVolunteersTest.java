package org.jdistcc.client.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.jdistcc.client.hosts.DiscoveryWord;
import org.jdistcc.client.hosts.DiscoveryWord.Kind;
import org.jdistcc.common.dns.DnsRecord;
import org.jdistcc.testing.Dnsmasq;
import org.jdistcc.testing.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SRV and multi-A lookups against a real name server: Debian's dnsmasq on a loopback port. */
class DnsVolunteersTest {
    @TempDir
    static Path dir;

    static Dnsmasq dns;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dns = Dnsmasq.start(
                dir,
                List.of(
                        "127.0.0.2 vol1.farm.test",
                        "127.0.0.3 vol2.farm.test",
                        "127.0.0.4 multi.farm.test",
                        "127.0.0.5 multi.farm.test",
                        "::1 six.farm.test"),
                List.of(
                        "--local=/farm.test/", // its own names only: any other is NXDOMAIN
                        "--srv-host=_distcc._tcp.farm.test,vol1.farm.test,3700,0,10",
                        "--srv-host=_distcc._tcp.farm.test,vol2.farm.test,3701,1,10",
                        "--srv-host=_distcc._tcp.farm.test,nowhere.farm.test,3702,2,10",
                        "--srv-host=_other._tcp.farm.test,vol2.farm.test,4000"),
                60);
    }

    @AfterAll
    static void stopDnsmasq() {
        dns.close();
    }

    private static DnsVolunteers volunteers(String server) throws Exception {
        var lookup = new DnsLookup(NameServers.of(server, null), Duration.ofSeconds(3), new SplittableRandom(7));
        return new DnsVolunteers(lookup, new SplittableRandom(7));
    }

    @Test
    void srvRecordsExpandInPriorityOrderWithTheirPortsAndAddresses() throws Exception {
        Expansion found = volunteers(dns.address())
                .srv(new DiscoveryWord(Kind.SRV, "+srv=farm.test/2,lzo", "farm.test", 3632, "/2,lzo"));
        assertEquals(List.of("127.0.0.2:3700/2,lzo", "127.0.0.3:3701/2,lzo"), found.words());
        assertEquals(1, found.warnings().size(), "nowhere.farm.test has no address: " + found.warnings());
        assertTrue(
                found.warnings().getFirst().contains("nowhere.farm.test"),
                found.warnings().toString());
        assertEquals(Duration.ofSeconds(60), found.ttl(), "dnsmasq's --local-ttl");
    }

    @Test
    void aFullServiceNameIsTakenAsIs() throws Exception {
        Expansion found = volunteers(dns.address())
                .srv(new DiscoveryWord(Kind.SRV, "+srv=_other._tcp.farm.test", "_other._tcp.farm.test", 3632, "/4"));
        assertEquals(List.of("127.0.0.3:4000/4"), found.words());
    }

    @Test
    void aNameWithSeveralAddressesIsOneVolunteerPerAddress() throws Exception {
        var volunteers = volunteers(dns.address());
        assertEquals(
                List.of("127.0.0.4:3700/3", "127.0.0.5:3700/3"),
                volunteers
                        .addresses(new DiscoveryWord(
                                Kind.ADDRESSES, "+addresses=multi.farm.test:3700/3", "multi.farm.test", 3700, "/3"))
                        .words()
                        .stream()
                        .sorted()
                        .toList());
        assertEquals(
                List.of("[0:0:0:0:0:0:0:1]:3632/4"),
                volunteers
                        .addresses(new DiscoveryWord(
                                Kind.ADDRESSES, "+addresses=six.farm.test", "six.farm.test", 3632, "/4"))
                        .words(),
                "no A record: its AAAA records");
    }

    @Test
    void namesThatDoNotResolveAreWarningsNamingWhy() throws Exception {
        var volunteers = volunteers(dns.address());
        Expansion gone = volunteers.addresses(
                new DiscoveryWord(Kind.ADDRESSES, "+addresses=gone.farm.test", "gone.farm.test", 3632, "/4"));
        assertEquals(List.of(), gone.words());
        assertTrue(
                gone.warnings().getFirst().contains("gone.farm.test does not exist"),
                gone.warnings().toString());
        assertEquals(Expansion.FAILURE_TTL, gone.ttl());
        Expansion noSrv =
                volunteers.srv(new DiscoveryWord(Kind.SRV, "+srv=vol1.farm.test", "vol1.farm.test", 3632, "/4"));
        assertTrue(
                noSrv.warnings().getFirst().contains("_distcc._tcp.vol1.farm.test"),
                noSrv.warnings().toString());
    }

    @Test
    void aNameServerThatDoesNotAnswerCostsTheTimeoutOnly() throws Exception {
        int silent = FreePort.find(); // nothing listens there: each try times out or is refused
        long start = System.nanoTime();
        var lookup = new DnsLookup(
                List.of(new InetSocketAddress("127.0.0.1", silent)), Duration.ofMillis(800), new SplittableRandom(1));
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                DnsLookup.Failure.class, () -> lookup.lookup("vol1.farm.test", DnsRecord.TYPE_A));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("no answer from [127.0.0.1:" + silent + "]"), e.getMessage());
        assertTrue(tookMs < 5_000, "bounded by the lookup's timeout, took " + tookMs + " ms");
    }
}
