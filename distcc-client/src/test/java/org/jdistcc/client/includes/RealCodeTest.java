package org.jdistcc.client.includes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real projects, fetched from Debian's source packages at test time: for every C file, the analysis
 * lists every file gcc reads with the project's own flags, and a second, warm analysis gives the
 * same answer.
 */
class RealCodeTest {
    @TempDir
    static Path sources;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "zlib    | .   | -O2 -D_LARGEFILE64_SOURCE=1 -DHAVE_HIDDEN -I.",
                "lua5.4  | src | -std=gnu99 -O2 -Wall -Wextra -DLUA_COMPAT_5_3 -DLUA_USE_LINUX",
            })
    void everyFileOfTheProjectIsCovered(String project, String directory, String flagText) throws Exception {
        Path tree = fetch(project).resolve(directory).toRealPath();
        List<String> flags = List.of(flagText.split(" +"));
        IncludeAnalysis analysis = IncludeAnalysis.create();
        List<Path> files;
        try (Stream<Path> list = Files.list(tree)) {
            files = list.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        assertTrue(files.size() >= 10, project + " has " + files.size() + " C files");
        for (Path file : files) {
            String source = file.getFileName().toString();
            Set<String> gcc = GccReads.of("gcc", flags, source, tree, Map.of());
            List<String> argv = new ArrayList<>(List.of("gcc", "-c", source, "-o", "/dev/null"));
            argv.addAll(flags);
            var request =
                    new IncludeAnalysis.Request(CompilerCommand.parse(argv), Path.of("/usr/bin/gcc"), tree, Map.of());
            Result cold = analysis.analyse(request);
            Result.Inputs inputs = assertInstanceOf(Result.Inputs.class, cold, () -> source + ": " + cold);
            Set<String> listed = new TreeSet<>();
            inputs.files().forEach(f -> listed.add(f.path()));
            Set<String> missing = new TreeSet<>(gcc);
            missing.removeAll(listed);
            assertEquals(Set.of(), missing, source + ": files gcc reads that the analysis does not list");
            assertEquals(cold, analysis.analyse(request), source + ": the warm analysis differs");
        }
    }

    @Test
    void concurrentAnalysesAgreeWithOneAtATime() throws Exception {
        Path tree = fetch("zlib").toRealPath();
        List<String> flags = List.of("-O2", "-I.");
        List<IncludeAnalysis.Request> requests = new ArrayList<>();
        try (Stream<Path> list = Files.list(tree)) {
            for (Path file :
                    list.filter(p -> p.toString().endsWith(".c")).sorted().toList()) {
                List<String> argv =
                        new ArrayList<>(List.of("gcc", "-c", file.getFileName().toString()));
                argv.addAll(flags);
                requests.add(new IncludeAnalysis.Request(
                        CompilerCommand.parse(argv), Path.of("/usr/bin/gcc"), tree, Map.of()));
            }
        }
        IncludeAnalysis alone = IncludeAnalysis.create();
        List<Result> expected = requests.stream().map(alone::analyse).toList();
        IncludeAnalysis shared = IncludeAnalysis.create();
        try (var threads = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < requests.size(); i++) {
                    int index = i;
                    checks.add(threads.submit(() -> expected.get(index).equals(shared.analyse(requests.get(index)))));
                }
            }
            for (Future<Boolean> check : checks) {
                assertTrue(check.get(60, TimeUnit.SECONDS));
            }
        }
    }

    /** The project's sources, unpacked by scripts/fetch-debian-source.sh (the test is skipped without them). */
    static Path fetch(String project) throws IOException, InterruptedException {
        Path script = Path.of("..", "scripts", "fetch-debian-source.sh")
                .toAbsolutePath()
                .normalize();
        Outcome fetched;
        try {
            fetched = CommandRunner.in(Path.of("").toAbsolutePath())
                    .withTimeout(Duration.ofMinutes(10))
                    .run("bash", script.toString(), project, sources.toString());
        } catch (AssertionError timedOut) {
            assumeTrue(false, project + " sources unavailable: " + timedOut.getMessage());
            throw timedOut;
        }
        assumeTrue(fetched.exitCode() == 0, project + " sources unavailable: " + fetched);
        return Path.of(fetched.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
    }
}
