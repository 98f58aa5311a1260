package org.jdistcc.client.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameServersTest {
    @TempDir
    Path dir;

    @Test
    void theVariableWinsWithPortsAndIpv6UpToThree() throws Exception {
        assertEquals(
                List.of(
                        new InetSocketAddress("127.0.0.1", 5353),
                        new InetSocketAddress("::1", 53),
                        new InetSocketAddress("::1", 5300)),
                NameServers.of("127.0.0.1:5353, ::1,[::1]:5300,10.0.0.1", dir.resolve("none")));
    }

    @Test
    void badValuesAreSaidAndNamesAreNotLookedUp() {
        for (String bad : List.of("dns.example.org", "127.0.0.1:0", "127.0.0.1:x", "[::1", "[::1]:99999")) {
            var e = assertThrows(NameServers.BadServer.class, () -> NameServers.of(bad, null), bad);
            assertTrue(e.getMessage().startsWith("JDISTCC_DNS_SERVER: "), e.getMessage());
        }
    }

    @Test
    void resolvConfIsReadAsResolverDoes() throws Exception {
        Path conf = dir.resolve("resolv.conf");
        Files.writeString(conf, """
                # comment
                search lan
                nameserver 192.0.2.53
                nameserver fe80::1%eth0
                nameserver not-an-address
                options ndots:2
                """);
        assertEquals(
                List.of(new InetSocketAddress("192.0.2.53", 53), new InetSocketAddress("fe80::1", 53)),
                NameServers.of(null, conf));
        assertEquals(
                List.of(new InetSocketAddress("127.0.0.1", 53)),
                NameServers.of("", dir.resolve("missing")),
                "none: this machine's, as glibc");
    }
}
