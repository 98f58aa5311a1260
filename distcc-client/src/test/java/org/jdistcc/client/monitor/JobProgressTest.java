package org.jdistcc.client.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.stats.Outcome;
import org.jdistcc.client.stats.StatsFile;
import org.jdistcc.testing.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobProgressTest {
    @TempDir
    Path dir;

    long now = 1_764_536_400_000L;

    JobProgress progress(boolean binstate) {
        long pid = ProcessHandle.current().pid();
        return new JobProgress(
                new StateWriter(dir.resolve("state"), pid, binstate),
                new StatsFile(dir.resolve("stats")),
                () -> now,
                pid);
    }

    JobState state() throws IOException {
        return StateFileFormat.decode(Files.readAllBytes(
                dir.resolve("state/jdistcc_" + ProcessHandle.current().pid())));
    }

    @Test
    void publishesEachPhaseAndRecordsTheRemoteJobOnceAtTheEnd() throws IOException {
        var p = progress(false);
        p.phase(Phase.STARTUP);
        p.source("src/x.c");
        p.host("10.0.0.3:3632", 0);
        p.phase(Phase.CONNECT);
        p.remoteFailed("10.0.0.3:3632", RemoteFailure.Kind.CANNOT_CONNECT);
        p.host("10.0.0.2:3632", 1);
        now += 5;
        p.phase(Phase.CONNECT);
        now += 10;
        p.phase(Phase.SEND);
        now += 5;
        p.phase(Phase.COMPILE);
        assertEquals(
                new JobState(
                        ProcessHandle.current().pid(),
                        Phase.COMPILE,
                        "src/x.c",
                        "10.0.0.2:3632",
                        1,
                        1_764_536_400_000L,
                        now),
                state());
        now += 300;
        p.phase(Phase.RECEIVE);
        now += 20;
        p.remoteReplied(2_000, 700);
        p.finish(0);
        assertFalse(Files.exists(
                dir.resolve("state/jdistcc_" + ProcessHandle.current().pid())));

        var totals = new StatsFile(dir.resolve("stats")).read(now);
        assertEquals(1, totals.count(Outcome.REMOTE));
        assertEquals(1, totals.remoteRetried());
        assertEquals(1, totals.failures().get("cannot_connect"));
        var h = totals.hosts().get("10.0.0.2:3632");
        assertEquals(335, h.millis()); // connect to end of reply
        assertEquals(300, h.compileMillis()); // upload done to first reply byte
        assertEquals(2_000, h.sent());
        assertEquals(700, h.received());
    }

    @Test
    void theInputSizeIsPublishedWithTheNextPhaseWithoutAWriteOfItsOwn() throws IOException {
        var p = progress(false);
        p.source("src/x.c");
        p.phase(Phase.PREPROCESS);
        assertEquals(-1, state().size());
        Path file = dir.resolve("state/jdistcc_" + ProcessHandle.current().pid());
        byte[] before = Files.readAllBytes(file);
        p.inputSize(48_210);
        assertArrayEquals(before, Files.readAllBytes(file)); // not written yet
        p.host("10.0.0.2:3632", 0);
        p.phase(Phase.SEND);
        assertEquals(48_210, state().size());
        p.phase(Phase.COMPILE);
        assertEquals(48_210, state().size());
        p.finish(0);
    }

    @Test
    void aLocalRerunAfterARemoteErrorStillCreditsTheVolunteer() throws IOException {
        var p = progress(false);
        p.host("10.0.0.2:3632", 0);
        p.phase(Phase.CONNECT);
        p.phase(Phase.COMPILE);
        p.phase(Phase.RECEIVE);
        p.remoteReplied(10, 10);
        p.outcome(Outcome.RERUN_HERE);
        p.compilingHere(-1);
        assertEquals("localhost", state().host());
        p.finish(1);
        var totals = new StatsFile(dir.resolve("stats")).read(now);
        assertEquals(1, totals.count(Outcome.RERUN_HERE));
        assertEquals(1, totals.compileErrors());
        assertEquals(1, totals.hosts().get("10.0.0.2:3632").jobs());
    }

    @Test
    void anUnwritableStateDirectoryNeverFailsTheCompile() throws IOException {
        Files.writeString(dir.resolve("state"), "a file where the directory should be");
        var p = progress(true);
        p.phase(Phase.STARTUP);
        p.phase(Phase.COMPILE);
        p.finish(0);
        assertEquals(1, new StatsFile(dir.resolve("stats")).read(now).compiles());
    }

    /** Debian's own distccmon-text lists a client that writes distcc's binstate file. */
    @Test
    void debiansDistccmonTextReadsOurBinstate() throws Exception {
        Path debian = Path.of("/usr/bin/distccmon-text");
        assumeTrue(Files.isExecutable(debian), "Debian's distccmon-text is not installed");
        assumeTrue(LegacyStateFormat.matchesThisMachine());
        var p = new JobProgress(
                new StateWriter(dir.resolve("state"), ProcessHandle.current().pid(), true),
                new StatsFile(dir.resolve("stats")),
                JobProgress.Now.SYSTEM,
                ProcessHandle.current().pid());
        p.source("lib/deep/parser.c");
        p.host("127.0.0.1", 3);
        p.phase(Phase.SEND);
        try {
            var mon = CommandRunner.in(dir)
                    .with("DISTCC_DIR", dir.toString())
                    .withTimeout(Duration.ofSeconds(10))
                    .run(debian.toString());
            assertEquals(
                    String.format(
                            "%6d  %-10.10s  %-30.30s %24.24s[3]",
                            ProcessHandle.current().pid(), "Send", "parser.c", "127.0.0.1"),
                    mon.stdout().lines().findFirst().orElse(""),
                    mon::toString);
        } finally {
            p.finish(0);
        }
        assertTrue(new StateDirectory(dir.resolve("state"), Clock.systemUTC())
                .running()
                .isEmpty());
    }
}
