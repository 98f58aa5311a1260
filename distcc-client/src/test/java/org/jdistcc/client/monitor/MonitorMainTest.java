package org.jdistcc.client.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.stats.CompileRecord;
import org.jdistcc.client.stats.StatsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorMainTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = MonitorMain.run(
                List.of(args),
                Map.of("DISTCC_DIR", dir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                false);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void linesHaveDistccmonColumnsThenTheElapsedTimeAndInputSize() {
        var jobs = List.of(
                new JobState(16597, Phase.COMPILE, "hello.c", "127.0.0.1", 0, 10_000, 0, 48_210),
                new JobState(42, Phase.BLOCKED, "a/very/long/path/to/some/deeply/nested/source.cpp", "", -1, 8_500, 0));
        String text = MonitorMain.render(jobs, 7, 12_000);
        assertEquals("""
                 16597  Compile     hello.c                                       127.0.0.1[0]     2.0s   48.2 kB
                    42  Blocked     /some/deeply/nested/source.cpp                         [-]     3.5s         -
                -- 2 running, 7 finished in the last minute

                """, text);
        // The first 75 columns are distcc 3.4's "%6ld  %-10.10s  %-30.30s %24.24s[%d]" (src/mon-text.c).
        assertEquals(
                String.format("%6d  %-10.10s  %-30.30s %24.24s[%d]", 16597, "Compile", "hello.c", "127.0.0.1", 0),
                text.lines().findFirst().orElseThrow().substring(0, 78));
    }

    @Test
    void printsOnlyTheSummaryAndSucceedsWhenNothingRuns() {
        Run r = run();
        assertEquals(0, r.status());
        assertEquals("-- 0 running, 0 finished in the last minute\n\n", r.out());
    }

    @Test
    void repeatsCountTimesAtTheInterval() throws Exception {
        new StatsFile(dir.resolve("stats")).record(new CompileRecord(), System.currentTimeMillis());
        long start = System.nanoTime();
        Run r = run("0.2", "--count", "3");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, r.status());
        assertEquals(3, r.out().split("-- 0 running, 1 finished in the last minute\n\n", -1).length - 1);
        assertTrue(ms >= 400 && ms < 5_000, ms + " ms");
    }

    @Test
    void refusesBadArguments() {
        assertEquals(101, run("soon").status());
        assertEquals(101, run("-1").status());
        assertEquals(101, run("1", "--count", "x").status());
        assertTrue(run("--help").out().startsWith("usage: distccmon-text"));
    }
}
