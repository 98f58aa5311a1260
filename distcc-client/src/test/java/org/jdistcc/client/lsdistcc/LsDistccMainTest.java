package org.jdistcc.client.lsdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsDistccMainTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    Run lsdistcc(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = LsDistccMain.run(
                List.of(args),
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run lsdistcc(String... args) {
        return lsdistcc(Map.of("DISTCC_DIR", dir.toString(), "DISTCC_HOSTS", ""), args);
    }

    @Test
    void findsDebianDistccdUpWithProtocolsOneTwoAndThree() throws Exception {
        assumeTrue(DebianDistccd.installed(), "Debian's distccd is not installed");
        int closed = DebianDistccd.freePort();
        try (var daemon = DebianDistccd.start(dir)) {
            Run r = lsdistcc("--timeout=10", "127.0.0.1:" + daemon.port(), "127.0.0.1:" + closed);
            assertEquals(0, r.status(), r.err());
            String[] lines = r.out().split("\n");
            assertEquals(HostReport.TSV_HEADER.strip(), lines[0]);
            String[] up = lines[1].split("\t");
            assertEquals("127.0.0.1:" + daemon.port(), up[0]);
            assertEquals("up", up[1], lines[1]);
            assertTrue(Long.parseLong(up[2]) >= 0);
            assertEquals(List.of("distcc", "-", "1,2,3", "-"), List.of(up[3], up[4], up[5], up[6]));
            assertEquals("127.0.0.1:" + closed + "\tdown\t-\t-\t-\t-\tconnection refused", lines[2]);

            // The configured list when no host is named; JSON on request.
            Run json = lsdistcc(
                    Map.of("DISTCC_DIR", dir.toString(), "DISTCC_HOSTS", "127.0.0.1:" + daemon.port() + "/2,lzo"),
                    "--format=json",
                    "--compiler=clang");
            assertEquals(1, json.status(), "clang is not on Debian's allow list");
            assertEquals(
                    "[\n  {\"host\":\"127.0.0.1:" + daemon.port() + "\",\"state\":\"no-compile\",\"latency_ms\":",
                    json.out().substring(0, json.out().indexOf("latency_ms") + 12));
            assertTrue(
                    json.out()
                            .endsWith(",\"server\":null,\"version\":null,\"protocols\":[],"
                                    + "\"detail\":\"closed without compiling: compiler or client not allowed?\"}\n]\n"),
                    json.out());
        }
    }

    @Test
    void aClosedPortIsDownAndTheExitStatusSaysNoneAnswered() throws Exception {
        int closed = DebianDistccd.freePort();
        Run r = lsdistcc("127.0.0.1:" + closed);
        assertEquals(1, r.status());
        assertTrue(r.out().endsWith("127.0.0.1:" + closed + "\tdown\t-\t-\t-\t-\tconnection refused\n"), r.out());
    }

    @Test
    void aSilentVolunteerIsReportedWithinTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (var server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(server.accept()); // accept and say nothing
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            long start = System.nanoTime();
            Run r = lsdistcc("--timeout=1", "--format=json", "127.0.0.1:" + server.getLocalPort());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, r.status());
            assertTrue(r.out().contains("\"state\":\"no-compile\""), r.out());
            assertTrue(r.out().contains("\"detail\":\"no reply within the timeout\""), r.out());
            assertTrue(ms < 5_000, ms + " ms");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void sshAndLocalEntriesAreListedButNotProbed() {
        Run r = lsdistcc("localhost/2", "@buildbox");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("localhost\tskipped\t-\t-\t-\t-\tthis machine\n"), r.out());
        assertTrue(r.out().contains("@buildbox\tskipped\t-\t-\t-\t-\tssh hosts are not probed\n"), r.out());
    }

    @Test
    void refusesBadOptionsAndBadHostLists() {
        assertEquals(101, lsdistcc("--timeout=never").status());
        assertEquals(101, lsdistcc("--frobnicate").status());
        assertEquals(106, lsdistcc("host:notaport").status());
        assertTrue(lsdistcc("--help").out().startsWith("usage: lsdistcc"));
    }
}
