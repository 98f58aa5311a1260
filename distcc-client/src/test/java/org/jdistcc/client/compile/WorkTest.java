package org.jdistcc.client.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.includes.Result;
import org.jdistcc.client.job.TestJob;
import org.jdistcc.client.scheduling.FinishFirst;
import org.jdistcc.client.scheduling.JobCosts;
import org.jdistcc.client.scheduling.LearnedSpeeds;
import org.jdistcc.common.args.CompilerCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a compile is sized for placement: by what it cost before, else by its preprocessed text, else
 * (source and pump mode) by the files its include analysis found, in the units a KB of them is
 * learned to cost, so that placement needs no preprocessor here.
 */
class WorkTest {
    @TempDir
    Path dir;

    Path distccDir;
    TestJob job;

    @BeforeEach
    void job() throws Exception {
        distccDir = dir.resolve("distcc");
        job = new TestJob(dir, Map.of());
        Files.writeString(dir.resolve("f.c"), "#include <stdio.h>\nint f(void) { return 1; }\n");
    }

    CompileTask task(String source) {
        List<String> argv = List.of("gcc", "-O2", "-c", source, "-o", "f.o");
        return new CompileTask(job, CompilerCommand.parse(argv), argv, dir.resolve("f.o"), null, List.of(), null);
    }

    /** An analysis that found the source and one header, {@code kb} KB together. */
    Analysed found(CompileTask task, double kb) {
        var request = new IncludeAnalysis.Request(task.command(), Path.of("/usr/bin/gcc"), dir, Map.of());
        FileTime now = FileTime.from(Instant.now());
        long header = (long) (kb * 1024) - 100;
        return new Analysed(
                request,
                new Result.Inputs(
                        List.of(
                                new Result.InputFile(dir + "/f.c", "0".repeat(64), 100, now, false),
                                new Result.InputFile("/usr/include/stdio.h", "1".repeat(64), header, now, true)),
                        List.of(),
                        List.of(),
                        List.of("/usr/include")));
    }

    @Test
    void aCompileNeverSeenIsSizedByItsAnalysedInputInUnitsPerKb() {
        Work work = Work.of(task("f.c").with(found(task("f.c"), 500)), distccDir);
        assertEquals(500 * JobCosts.of(distccDir).unitsPerInputKb(), work.units(), 1e-6);
        assertEquals(
                500 * 0.2, work.units(), 1e-6, "a KB of headers costs a fifth of a KB of text until learned otherwise");
    }

    @Test
    void whatACompileCostsTeachesWhatAKbOfAnalysedInputCosts() {
        CompileTask first = task("f.c").with(found(task("f.c"), 500));
        Work work = Work.of(first, distccDir);
        // At 10 ms per unit it was expected to take a second; it took four: it costs more.
        var speeds = new LearnedSpeeds(distccDir, java.time.Clock.systemUTC());
        work.learn(
                speeds,
                new HostSpec.Local(2),
                new FinishFirst.Placed(null, Duration.ofMillis(1000), 1),
                Duration.ofMillis(4000));
        double learned = JobCosts.of(distccDir).unitsPerInputKb();
        assertTrue(learned > 0.2, "a KB costs more than assumed: " + learned);

        // Another compile, never seen, is sized in what was learned.
        Path other = dir.resolve("g.c");
        CompileTask second = new CompileTask(
                job,
                CompilerCommand.parse(List.of("gcc", "-c", other.toString(), "-o", "g.o")),
                List.of("gcc", "-c", other.toString(), "-o", "g.o"),
                dir.resolve("g.o"),
                null,
                List.of(),
                null);
        assertEquals(
                300 * learned,
                Work.of(second.with(found(second, 300)), distccDir).units(),
                1e-6);
    }

    @Test
    void aCompileSeenBeforeIsSizedByWhatItCostNotByItsFiles() {
        CompileTask task = task("f.c").with(found(task("f.c"), 500));
        JobCosts.of(distccDir).record(JobCosts.key(dir.toString(), String.join("\0", task.localCommand())), 42);
        assertEquals(42, Work.of(task, distccDir).units(), 1e-6);
    }

    @Test
    void anAnalysisThatCouldNotBeSureDoesNotSizeTheCompile() throws Exception {
        CompileTask task = task("f.c");
        var request = new IncludeAnalysis.Request(task.command(), Path.of("/usr/bin/gcc"), dir, Map.of());
        Work work = Work.of(task.with(new Analysed(request, new Result.CannotBeSure("a computed include"))), distccDir);
        assertEquals(Math.max(Files.size(dir.resolve("f.c")) / 1024.0, 0.1), work.units(), 1e-6, "the source's size");
    }
}
