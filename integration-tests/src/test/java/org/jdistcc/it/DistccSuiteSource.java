package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;

/**
 * distcc 3.4's own test suite, {@code test/testdistcc.py} with {@code test/comfychair.py}, from
 * Debian's {@code distcc} source package: fetched at test time by {@code
 * scripts/fetch-debian-source.sh} (deb-src entries derived from the machine's APT sources, downloads
 * cached in ~/.cache/jdistcc/src), never committed. The version is the one of Debian's installed
 * binaries, which the suite's results are compared with.
 *
 * @param testDir the directory holding testdistcc.py and comfychair.py
 * @param cases the suite's default list of cases ({@code testdistcc.tests}), in its order
 */
record DistccSuiteSource(Path testDir, List<String> cases) {
    /** Set to {@code skip} to skip the suite where APT cannot fetch it (offline machines). */
    static final String SKIP_PROPERTY = "jdistcc.it.distccSuite";

    /** Comma-separated case names to run only those (and CompileHello_Case, the harness's check). */
    static final String CASES_PROPERTY = "jdistcc.it.distccSuiteCases";

    static final String FIRST_CASE = "CompileHello_Case";

    /** The cases {@link #CASES_PROPERTY} names, or all of them; unknown names are an error. */
    List<String> selectedCases() {
        String wanted = System.getProperty(CASES_PROPERTY, "").strip();
        if (wanted.isEmpty()) {
            return cases;
        }
        var names = new java.util.LinkedHashSet<>(List.of(wanted.split("\\s*,\\s*")));
        names.add(FIRST_CASE);
        for (String name : names) {
            if (!cases.contains(name)) {
                throw new AssertionError(
                        "-D" + CASES_PROPERTY + " names " + name + ", which testdistcc.py does not have: " + cases);
            }
        }
        return cases.stream().filter(names::contains).toList();
    }

    static DistccSuiteSource fetch(Path unpackInto) {
        Path repo = ZlibTree.repositoryRoot();
        var runner = CommandRunner.in(repo).withTimeout(CommandRunner.DEFAULT_TIMEOUT.multipliedBy(3));
        Outcome installed = runner.run("dpkg-query", "-W", "-f=${source:Version}", "distcc");
        if (installed.exitCode() != 0 || installed.stdout().isBlank()) {
            throw new AssertionError("Debian's distcc package is not installed: the suite's results are compared"
                    + " with its binaries; apt-get install distcc (.ci/run does)\n" + installed);
        }
        Outcome fetched = runner.run(
                "bash",
                repo.resolve("scripts/fetch-debian-source.sh").toString(),
                "distcc=" + installed.stdout().strip(),
                unpackInto.toString());
        if (fetched.exitCode() != 0) {
            throw new AssertionError("could not fetch distcc's test suite from Debian's distcc source package with"
                    + " apt-get (see below); on a machine that cannot reach the archive, skip this test with -D"
                    + SKIP_PROPERTY + "=skip\n" + fetched);
        }
        Path testDir = Path.of(fetched.stdout().strip()).resolve("test");
        for (String file : List.of("testdistcc.py", "comfychair.py")) {
            if (!Files.isRegularFile(testDir.resolve(file))) {
                throw new AssertionError("the distcc source package has no test/" + file + " in " + testDir);
            }
        }
        return new DistccSuiteSource(testDir, listCases(testDir));
    }

    /**
     * The names in {@code testdistcc.tests}, read by importing the module (its main only runs as a
     * script; its own option loop never ends on an option it does not know, such as comfychair's
     * {@code --list}).
     */
    private static List<String> listCases(Path testDir) {
        Outcome listed = CommandRunner.in(testDir)
                .with("PYTHONDONTWRITEBYTECODE", "1")
                .run("python3", "-c", "import testdistcc\nfor t in testdistcc.tests: print(t.__name__)");
        assertEquals(0, listed.exitCode(), () -> "cannot list the cases of testdistcc.py\n" + listed);
        List<String> cases = listed.stdout()
                .lines()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        assertFalse(cases.isEmpty(), () -> "testdistcc.tests is empty\n" + listed);
        return cases;
    }
}
