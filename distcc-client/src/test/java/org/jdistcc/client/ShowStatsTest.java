package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.args.CompilerLocator;
import org.jdistcc.client.args.Invocation;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.job.TestJob;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.stats.CacheUse;
import org.jdistcc.client.stats.CompileRecord;
import org.jdistcc.client.stats.Outcome;
import org.jdistcc.client.stats.StatsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowStatsTest {
    @TempDir
    Path dir;

    String distcc(String... args) {
        var job = new TestJob(dir, Map.of("DISTCC_DIR", dir.toString(), "PATH", "/usr/bin:/bin"));
        assertEquals(
                0, ClientCommand.run(job, "distcc", List.of(args), null, org.jdistcc.client.compile.Resident.create()));
        return job.stdout();
    }

    static Invocation parse(String argv0, List<String> args, Map<String, String> env) {
        return Invocation.parse(
                argv0, args, Settings.from(env), CompilerLocator.of(env.get("PATH"), Path.of("/"), argv0));
    }

    @Test
    void showsEachVolunteersCacheHitsAndMissesOnceAVolunteerReportsThem() throws Exception {
        var stats = new StatsFile(dir.resolve("stats"));
        long now = System.currentTimeMillis();
        for (CacheUse use : List.of(CacheUse.HIT, CacheUse.SHARED_HIT, CacheUse.MISS, CacheUse.HIT)) {
            var r = new CompileRecord();
            r.remote(new CompileRecord.RemoteJob("10.0.0.2:3632", 20, 1, 2_000, 3_000, use));
            r.outcome(Outcome.REMOTE);
            stats.record(r, now);
        }
        var plain = new CompileRecord();
        plain.remote(new CompileRecord.RemoteJob("10.0.0.9:3632", 200, 150, 2_000, 3_000));
        plain.outcome(Outcome.REMOTE);
        stats.record(plain, now);

        String text = distcc("--show-stats");
        assertTrue(text.contains("Volunteer cache hits                    3   75.0 %\n"), text);
        assertTrue(text.contains("Volunteer cache misses                  1   25.0 %\n"), text);
        assertTrue(text.contains(" failures   hits misses\n"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("10.0.0.2:3632") && l.endsWith("      3      1")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("10.0.0.9:3632") && l.endsWith("      -      -")), text);
    }

    @Test
    void showsCountsFailuresAndVolunteersLikeCcache() throws Exception {
        var stats = new StatsFile(dir.resolve("stats"));
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            var r = new CompileRecord();
            r.remote(new CompileRecord.RemoteJob("10.0.0.2:3632", 200, 150, 20_000, 3_000));
            r.outcome(Outcome.REMOTE);
            stats.record(r, now);
        }
        var retried = new CompileRecord();
        retried.failure(
                "10.0.0.3:3632", RemoteFailure.Kind.CANNOT_CONNECT.name().toLowerCase(java.util.Locale.ROOT));
        retried.remote(new CompileRecord.RemoteJob("10.0.0.2:3632", 400, 350, 20_000, 3_000));
        retried.outcome(Outcome.REMOTE);
        stats.record(retried, now);
        var fallback = new CompileRecord();
        fallback.failure("10.0.0.3:3632", "timeout");
        fallback.outcome(Outcome.FALLBACK);
        stats.record(fallback, now);
        var local = new CompileRecord();
        local.exitStatus(1);
        stats.record(local, now);

        String text = distcc("--show-stats");
        assertTrue(text.contains("\nCompiles                                6\n"), text);
        assertTrue(text.contains("\n  Remote                                4   66.7 %\n"), text);
        assertTrue(text.contains("\n    after a volunteer failed            1\n"), text);
        assertTrue(text.contains("\n  Local (by choice)                     1   16.7 %\n"), text);
        assertTrue(text.contains("\n  Local fallback                        1   16.7 %\n"), text);
        assertTrue(text.contains("\nCompile errors                          1\n"), text);
        assertTrue(text.contains("\nRemote failures                         2\n"), text);
        assertTrue(text.contains("\n  cannot connect                        1\n"), text);
        assertTrue(text.contains("\n  timeout                               1\n"), text);
        assertTrue(text.contains("\nFinished in the last minute             6\n"), text);
        assertTrue(text.contains("\nCompile time on volunteers       800 ms"), text);
        assertTrue(
                text.contains(
                        "\n10.0.0.2:3632                 4     250 ms     200 ms    80.0 kB    12.0 kB        0\n"),
                text);
        assertTrue(
                text.contains(
                        "\n10.0.0.3:3632                 0          -          -        0 B        0 B        2\n"),
                text);
        assertEquals(text, distcc("-s"));
    }

    @Test
    void zeroStatsResetsEverything() {
        distcc("--show-stats"); // nothing recorded yet: still fine
        assertEquals("Statistics zeroed\n", distcc("-z"));
        String text = distcc("--show-stats");
        assertTrue(text.contains("\nCompiles                                0\n"), text);
        assertTrue(!text.contains("Stats zeroed                     never"), text);
    }

    @Test
    void shortFormsMeanStatsOnlyWhenAloneSinceGccHasThemToo() {
        var env = Map.of("PATH", "/usr/bin:/bin");
        assertInstanceOf(Invocation.ShowStats.class, parse("distcc", List.of("-s"), env));
        assertInstanceOf(Invocation.ZeroStats.class, parse("distcc", List.of("-z"), env));
        assertInstanceOf(Invocation.ShowStats.class, parse("distcc", List.of("--show-stats"), env));
        var link = parse("distcc", List.of("-s", "main.o", "-o", "main"), env);
        var compile = assertInstanceOf(Invocation.Compile.class, link);
        assertEquals("cc", compile.compilerName());
        // Masquerading as gcc, -s is gcc's.
        assertInstanceOf(Invocation.Compile.class, parse("/usr/lib/distcc/gcc", List.of("-s"), env));
    }
}
