package org.jdistcc.client.lsdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Distccd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lsdistcc as distcc 3.4's ({@code src/lsdistcc.c}), against real listening sockets and
 * Debian's distccd: the names that answer, one line each, in the form DISTCC_HOSTS takes.
 */
class DiscoveryTest {
    /** A name no resolver knows (RFC 6761 reserves .invalid). */
    static final String UNKNOWN = "jdistcc-test.invalid";

    @TempDir
    Path dir;

    private final List<Socket> held = new ArrayList<>();
    private final List<ServerSocket> servers = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    private static LsDistccRun lsdistcc(String... args) throws InterruptedException {
        return LsDistccRun.of(Map.of("HOST", "", "HOSTNAME", ""), args);
    }

    /** A socket that accepts connections and says nothing, on {@code address} (null: every address). */
    private int listener(InetAddress address) throws IOException {
        var server = new ServerSocket();
        server.bind(new InetSocketAddress(address, 0), 50);
        servers.add(server);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });
        return server.getLocalPort();
    }

    @Test
    void listsTheNamedHostsThatAcceptAConnectionWithTheirPort() throws Exception {
        int port = listener(InetAddress.getLoopbackAddress());
        LsDistccRun r = lsdistcc("-r" + port, "localhost", "127.0.0.1", "127.0.0.2", UNKNOWN);
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("127.0.0.1:" + port, "localhost:" + port), r.sortedLines());
        assertEquals("", r.err());
    }

    @Test
    void marksDownHostsPrintsAddressesLatencyAndTheProtocolSuffix() throws Exception {
        int port = listener(InetAddress.getLoopbackAddress());
        LsDistccRun r = lsdistcc("-x", "-n", "-l", "-P2", "-r" + port, "localhost", "127.0.0.2");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.sortedLines();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).matches("127\\.0\\.0\\.1:" + port + ",lzo \\d+"), lines.get(0));
        assertTrue(lines.get(1).matches("127\\.0\\.0\\.2:" + port + ",lzo,down \\d+"), lines.get(1));
    }

    @Test
    void theDefaultPortIsNotPrinted() throws Exception {
        LsDistccRun r = lsdistcc("-c0", "-P3", "127.0.0.1");
        assertEquals(List.of("127.0.0.1,lzo,cpp"), r.sortedLines());
    }

    @Test
    void aFormatIsCountedUpUntilANameDoesNotResolve() throws Exception {
        int port = listener(null);
        // 127.0.0.1 ... 127.0.0.255 are all this machine; 127.0.0.256 is no address.
        // 255 connections at once: bounds for a loaded machine, not distcc's 900 ms and 7 s.
        LsDistccRun r = lsdistcc("-r" + port, "-c10000", "-t60", "127.0.0.%d");
        assertEquals(0, r.status(), r.err());
        List<String> expected = IntStream.rangeClosed(1, 255)
                .mapToObj(i -> "127.0.0." + i + ":" + port)
                .sorted()
                .toList();
        assertEquals(expected, r.sortedLines());
    }

    @Test
    void stopsLookingAfterMoreUnresolvedNamesThanTheGapAllows() throws Exception {
        // -c0: a name found is up without connecting; -o0: one lookup at a time, in order.
        assertEquals(
                List.of("127.0.0.1"),
                lsdistcc("-c0", "-o0", "127.0.0.1", UNKNOWN, "127.0.0.3").sortedLines());
        assertEquals(
                List.of("127.0.0.1", "127.0.0.3"),
                lsdistcc("-c0", "-o0", "-g1", "127.0.0.1", UNKNOWN, "127.0.0.3").sortedLines());
    }

    @Test
    void matchBitsStopAtAHostOutsideTheFirstOnesNetwork() throws Exception {
        assertEquals(
                List.of("10.1.2.3", "127.0.0.1"),
                lsdistcc("-c0", "127.0.0.1", "10.1.2.3").sortedLines());
        assertEquals(
                List.of("127.0.0.1"),
                lsdistcc("-c0", "-m8", "127.0.0.1", "10.1.2.3").sortedLines());
        assertEquals(
                List.of("127.0.0.1", "127.0.0.2"),
                lsdistcc("-c0", "-m8", "127.0.0.1", "127.0.0.2").sortedLines());
    }

    @Test
    void exitsOneWhenNoNameResolves() throws Exception {
        LsDistccRun r = lsdistcc("-c0", UNKNOWN);
        assertEquals(1, r.status());
        assertEquals("", r.out());
    }

    @Test
    void theTotalTimeoutEndsTheRunWithStatusZero() throws Exception {
        int port = listener(InetAddress.getLoopbackAddress());
        long start = System.nanoTime();
        // The listener never answers the compile: only -t1 ends the run.
        LsDistccRun r = lsdistcc("-t1", "-k60000", "-pgcc", "-r" + port, "127.0.0.1");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, r.status());
        assertEquals("", r.out());
        assertTrue(millis < 10_000, millis + " ms");
    }

    @Test
    void appendsTheDomainOfHostOrHostname() throws Exception {
        // The domain is what follows the first dot: "127" + "." + "0.0.1" is a name that resolves.
        LsDistccRun r = LsDistccRun.of(Map.of("HOSTNAME", "me.0.0.1"), "-c0", "-d", "127");
        assertEquals(List.of("127.0.0.1"), r.sortedLines());
        assertEquals("0.0.1", DnsDomain.of(Map.of("HOSTNAME", "me.0.0.1")));
        assertEquals("example.org", DnsDomain.of(Map.of("HOST", "a.b", "HOSTNAME", "box.example.org")));
        assertEquals("b", DnsDomain.of(Map.of("HOST", "a.b", "HOSTNAME", "box")));
        assertEquals(null, DnsDomain.of(Map.of("HOSTNAME", "a b.example.org")));
    }

    @Test
    void withACompilerAHostIsUpOnlyIfItCompilesWithThatProtocol() throws Exception {
        assumeTrue(Distccd.debianInstalled(), "Debian's distcc is not installed");
        try (var daemon = DaemonSetup.debian().jobs(2).start()) {
            String port = "-r" + daemon.port();
            for (String protocol : List.of("1", "2", "3")) {
                LsDistccRun r = lsdistcc("-pgcc", "-P" + protocol, port, "127.0.0.1");
                String suffix = Map.of("1", "", "2", ",lzo", "3", ",lzo,cpp").get(protocol);
                assertEquals("127.0.0.1:" + daemon.port() + suffix + "\n", r.out(), "protocol " + protocol);
            }
            // Debian's distccd runs only the compilers in /usr/lib/distcc.
            LsDistccRun refused = lsdistcc("-x", "-p" + LsDistccMainTest.NO_SUCH_COMPILER, port, "127.0.0.1");
            assertEquals(0, refused.status(), "a name resolved");
            assertEquals("127.0.0.1:" + daemon.port() + ",down\n", refused.out());
        }
    }
}
