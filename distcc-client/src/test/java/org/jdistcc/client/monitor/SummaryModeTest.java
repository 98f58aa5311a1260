package org.jdistcc.client.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.stats.ClientStats;
import org.jdistcc.client.stats.CompileRecord;
import org.jdistcc.client.stats.Outcome;
import org.jdistcc.client.stats.StatsFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distccmon-text --summary}: one line for the whole build. */
class SummaryModeTest {
    @TempDir
    Path dir;

    final List<Process> clients = new ArrayList<>();

    @AfterEach
    void stopClients() {
        clients.forEach(Process::destroyForcibly);
    }

    /** A live process standing for a client, so the monitor keeps its state file. */
    void client(Phase phase, String host) throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        clients.add(p);
        long now = System.currentTimeMillis();
        new StateWriter(dir.resolve("state"), p.pid(), false)
                .write(new JobState(p.pid(), phase, "f" + p.pid() + ".c", host, host.isEmpty() ? -1 : 0, now, now));
    }

    String run(boolean terminal, String... args) {
        var out = new ByteArrayOutputStream();
        int status = MonitorMain.run(
                List.of(args),
                Map.of("DISTCC_DIR", dir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                terminal);
        assertEquals(0, status);
        return out.toString(StandardCharsets.UTF_8);
    }

    static CompileRecord compile(Outcome outcome, int status) {
        var r = new CompileRecord();
        r.outcome(outcome);
        r.exitStatus(status);
        return r;
    }

    @Test
    void onATerminalOneLineIsRewrittenInPlaceAndEndedAtExit() throws IOException {
        client(Phase.COMPILE, "localhost");
        client(Phase.COMPILE, "10.0.0.2:3632");
        client(Phase.SEND, "10.0.0.3:3632");
        client(Phase.BLOCKED, "");
        new StatsFile(dir.resolve("stats")).record(compile(Outcome.REMOTE, 0), System.currentTimeMillis());
        String line = "compiles: 1 here, 2 remote, 1 waiting | 0 done, 0 failed | 1/min";
        assertEquals("\r" + line + "\033[K\r" + line + "\033[K\n", run(true, "--summary", "0.05", "--count", "2"));
    }

    @Test
    void elsewhereEachPollIsALineOfItsOwn() {
        String out = run(false, "--summary", "0.05", "--count", "2");
        assertEquals("compiles: 0 here, 0 remote, 0 waiting | 0 done, 0 failed | 0/min\n".repeat(2), out);
        assertFalse(out.contains("\r"));
    }

    @Test
    void countsTheCompilesThatEndedSinceItStarted() {
        var summary = new SummaryLine();
        var totals = new ClientStats();
        long now = 1_800_000_000_000L;
        for (int i = 0; i < 5; i++) {
            totals.add(compile(Outcome.REMOTE, 0), now - 120_000); // before the build: not counted
        }
        totals.add(compile(Outcome.RERUN_HERE, 1), now - 120_000);
        assertEquals(
                "compiles: 0 here, 0 remote, 0 waiting | 0 done, 0 failed | 0/min",
                summary.render(List.of(), totals, now));
        totals.add(compile(Outcome.REMOTE, 0), now);
        totals.add(compile(Outcome.RERUN_HERE, 1), now); // a compile error
        totals.add(compile(Outcome.FAILED, 110), now); // volunteers failed, no fallback
        assertEquals(
                "compiles: 0 here, 0 remote, 0 waiting | 3 done, 2 failed | 3/min",
                summary.render(List.of(), totals, now + 1000));
        // distcc --zero-stats meanwhile: what is left all happened since.
        var zeroed = new ClientStats();
        zeroed.zeroedAt(now / 1000 + 2);
        zeroed.add(compile(Outcome.LOCAL, 0), now + 3000);
        assertEquals(
                "compiles: 0 here, 0 remote, 0 waiting | 1 done, 0 failed | 1/min",
                summary.render(List.of(), zeroed, now + 4000));
    }
}
