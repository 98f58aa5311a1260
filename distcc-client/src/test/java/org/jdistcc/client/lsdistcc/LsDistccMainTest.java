package org.jdistcc.client.lsdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Distccd;
import org.jdistcc.testing.FakeVolunteer;
import org.jdistcc.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lsdistcc's report ({@code --format}), against Debian's distccd and silent or closed ports. */
class LsDistccMainTest {
    static final String NO_SUCH_COMPILER = "jdistcc-no-such-compiler";

    @TempDir
    Path dir;

    LsDistccRun lsdistcc(Map<String, String> env, String... args) throws InterruptedException {
        return LsDistccRun.of(env, args);
    }

    LsDistccRun lsdistcc(String... args) throws InterruptedException {
        return lsdistcc(Map.of("DISTCC_DIR", dir.toString(), "DISTCC_HOSTS", ""), args);
    }

    @Test
    void findsDebianDistccdUpWithProtocolsOneTwoAndThree() throws Exception {
        assumeTrue(Distccd.debianInstalled(), "Debian's distcc is not installed");
        int closed = FreePort.find();
        try (var daemon = DaemonSetup.debian().jobs(2).start()) {
            LsDistccRun r =
                    lsdistcc("--format=tsv", "--timeout=10", "127.0.0.1:" + daemon.port(), "127.0.0.1:" + closed);
            assertEquals(0, r.status(), r.err());
            String[] lines = r.out().split("\n", -1);
            assertEquals(HostReport.TSV_HEADER.strip(), lines[0]);
            String[] up = lines[1].split("\t", -1);
            assertEquals("127.0.0.1:" + daemon.port(), up[0]);
            assertEquals("up", up[1], lines[1]);
            assertTrue(Long.parseLong(up[2]) >= 0);
            assertEquals(List.of("distcc", "-", "1,2,3", "-"), List.of(up[3], up[4], up[5], up[6]));
            assertEquals("unverifiable", up[7], "distcc 3.4 cannot say what its compiler is");
            assertEquals("127.0.0.1:" + closed + "\tdown\t-\t-\t-\t-\tconnection refused\t-", lines[2]);

            // The configured list when no host is named; JSON on request. Debian's distccd runs only
            // the compilers linked in /usr/lib/distcc: a name no machine has is refused everywhere.
            LsDistccRun json = lsdistcc(
                    Map.of("DISTCC_DIR", dir.toString(), "DISTCC_HOSTS", "127.0.0.1:" + daemon.port() + "/2,lzo"),
                    "--format=json",
                    "--compiler=" + NO_SUCH_COMPILER);
            assertEquals(1, json.status(), NO_SUCH_COMPILER + " is on no allow list");
            assertEquals(
                    "[\n  {\"host\":\"127.0.0.1:" + daemon.port() + "\",\"state\":\"no-compile\",\"latency_ms\":",
                    json.out().substring(0, json.out().indexOf("latency_ms") + 12));
            assertTrue(
                    json.out()
                            .endsWith(",\"server\":null,\"version\":null,\"protocols\":[],"
                                    + "\"detail\":\"closed without compiling: compiler or client not allowed?\","
                                    + "\"compiler\":null}\n]\n"),
                    json.out());
        }
    }

    @Test
    void aClosedPortIsDownAndTheExitStatusSaysNoneAnswered() throws Exception {
        int closed = FreePort.find();
        LsDistccRun r = lsdistcc("--format=tsv", "127.0.0.1:" + closed);
        assertEquals(1, r.status());
        assertTrue(r.out().endsWith("127.0.0.1:" + closed + "\tdown\t-\t-\t-\t-\tconnection refused\t-\n"), r.out());
    }

    @Test
    void aSilentVolunteerIsReportedWithinTheTimeout() throws Exception {
        try (var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.MUTE)) {
            long start = System.nanoTime();
            LsDistccRun r = lsdistcc("--timeout=1", "--format=json", "127.0.0.1:" + volunteer.port());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, r.status());
            assertTrue(r.out().contains("\"state\":\"no-compile\""), r.out());
            assertTrue(r.out().contains("\"detail\":\"no reply within the timeout\""), r.out());
            assertTrue(ms < 5_000, ms + " ms");
        }
    }

    @Test
    void sshAndLocalEntriesAreListedButNotProbed() throws InterruptedException {
        LsDistccRun r = lsdistcc("--format=tsv", "localhost/2", "@buildbox");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("localhost\tskipped\t-\t-\t-\t-\tthis machine\t-\n"), r.out());
        assertTrue(r.out().contains("@buildbox\tskipped\t-\t-\t-\t-\tssh hosts are not probed\t-\n"), r.out());
    }

    @Test
    void refusesBadOptionsAndBadHostLists() throws InterruptedException {
        LsDistccRun badTimeout = lsdistcc("--format=tsv", "--timeout=never");
        assertEquals(101, badTimeout.status());
        assertEquals(
                "lsdistcc: '--timeout=never' wants a number of seconds above 0, up to 3600"
                        + " (lsdistcc --help lists the options)\n",
                badTimeout.err());
        assertEquals("", badTimeout.out());
        assertEquals(101, lsdistcc("--frobnicate").status());
        assertEquals(106, lsdistcc("--format=tsv", "host:notaport").status());
    }

    @Test
    void helpGoesToStdoutAndExitsOneAsDistcc34s() throws InterruptedException {
        // distcc's testdistcc.py (Lsdistcc_Case) runs "lsdistcc -rPORT --help" and wants exactly this.
        LsDistccRun help = lsdistcc("-r42000", "--help");
        assertEquals(1, help.status());
        assertTrue(help.out().startsWith("Usage: lsdistcc"), help.out());
        assertEquals("", help.err());
    }
}
