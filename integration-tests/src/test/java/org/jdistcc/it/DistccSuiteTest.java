package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.it.DistccSuiteRun.Column;
import org.jdistcc.it.SuiteCaseResult.Verdict;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.RequiresInstallation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * distcc 3.4's own test suite ({@code test/testdistcc.py}, fetched from Debian's source package
 * at test time) against Debian's binaries and ours on this machine, in its plain and lzo modes:
 * every case that passes with Debian's {@code distcc}, {@code distccd} and {@code lsdistcc}
 * passes with ours. Each case's output is in {@code target/distcc-suite/COLUMN/CASE.out}.
 */
@ExtendWith(RequiresInstallation.class)
class DistccSuiteTest {
    private static final Path DEBIAN_BIN = Path.of("/usr/bin");

    @TempDir
    Path work;

    @Test
    void everyCaseThatPassesWithDebiansBinariesPassesWithOurs(Installation jdistcc)
            throws IOException, InterruptedException {
        assumeFalse(
                "skip".equals(System.getProperty(DistccSuiteSource.SKIP_PROPERTY)),
                "-D" + DistccSuiteSource.SKIP_PROPERTY + "=skip");
        for (String program : List.of("distcc", "distccd", "lsdistcc")) {
            assertTrue(
                    Files.isExecutable(DEBIAN_BIN.resolve(program)),
                    "Debian's " + program + " is missing from " + DEBIAN_BIN + ": apt-get install distcc");
        }
        Path target = Path.of("target").toAbsolutePath();
        DistccSuiteSource suite = DistccSuiteSource.fetch(target.resolve("distcc-src"));
        SuiteSandbox sandbox = SuiteSandbox.forThisMachine();
        Path reports = target.resolve("distcc-suite");
        deleteReports(reports);

        Column debianPlain = new Column("debian", DEBIAN_BIN, false);
        Column oursPlain = new Column("jdistcc", jdistcc.prefix().resolve("bin"), false);
        Column debianLzo = new Column("debian", DEBIAN_BIN, true);
        Column oursLzo = new Column("jdistcc", jdistcc.prefix().resolve("bin"), true);
        List<Column> columns = List.of(debianPlain, oursPlain, debianLzo, oursLzo);
        var run = new DistccSuiteRun(suite, sandbox, work, reports);
        run.assertRunnable(debianPlain);
        run.assertRunnable(oursPlain);
        long start = System.nanoTime();
        var results = run.run(columns);
        var comparison = new SuiteComparison(columns, results);
        System.out.printf(
                "[distcc suite] %d cases from %s, %s, in %d s:%n%s",
                suite.selectedCases().size(),
                suite.testDir(),
                sandbox.describe(),
                (System.nanoTime() - start) / 1_000_000_000L,
                comparison.counts());

        // The harness itself: with Debian's binaries the suite's first, simplest case compiles.
        assertEquals(
                Verdict.PASS,
                results.get(debianPlain).get(DistccSuiteSource.FIRST_CASE).verdict(),
                () -> "Debian's binaries fail distcc's CompileHello_Case: the suite does not run as it should here\n"
                        + results.get(debianPlain)
                                .get(DistccSuiteSource.FIRST_CASE)
                                .output());
        var regressions = new ArrayList<SuiteComparison.Regression>();
        regressions.addAll(comparison.regressions(debianPlain, oursPlain));
        regressions.addAll(comparison.regressions(debianLzo, oursLzo));
        assertTrue(
                regressions.isEmpty(),
                () -> regressions.size() + " cases of distcc's suite pass with Debian's binaries and not with ours"
                        + " (outputs in " + reports + "):\n"
                        + SuiteComparison.describe(regressions)
                        + "\n" + comparison.counts()
                        + "\n" + comparison.table());
    }

    private static void deleteReports(Path reports) throws IOException {
        if (Files.isDirectory(reports)) {
            try (var paths = Files.walk(reports)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
