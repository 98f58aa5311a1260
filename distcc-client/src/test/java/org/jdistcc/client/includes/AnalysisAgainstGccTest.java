package org.jdistcc.client.includes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jdistcc.common.args.CompilerCommand;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case is a small tree and a compile: the analysis must list every file gcc reads for it
 * ({@code gcc -M}), and in the tree, exactly those plus the extras the case expects (a header behind
 * {@code #if 0} is listed, since every branch is followed).
 */
class AnalysisAgainstGccTest {
    private static final IncludeAnalysis ANALYSIS = IncludeAnalysis.create();

    record Case(String name, String tree, String source, String flags, Map<String, String> env, Set<String> extras) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(AnalysisCases.SEARCH, AnalysisCases.MACROS, AnalysisCases.LEXING)
                .flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void listsEveryFileGccReads(Case c, @TempDir Path temp) throws Exception {
        Path root = temp.toRealPath();
        SourceTree.write(root, c.tree());
        List<String> flags =
                c.flags().isBlank() ? List.of() : List.of(c.flags().strip().split(" +"));
        String compiler = c.source().endsWith(".c") ? "gcc" : "g++";
        Path compilerPath = Path.of("/usr/bin", compiler);
        Set<String> gcc = GccReads.of(compiler, flags, c.source(), root, c.env());

        List<String> argv = new ArrayList<>(List.of(compiler, "-c", c.source(), "-o", "out.o"));
        argv.addAll(flags);
        var request = new IncludeAnalysis.Request(CompilerCommand.parse(argv), compilerPath, root, c.env());
        Result result = ANALYSIS.analyse(request);

        Result.Inputs inputs = assertInstanceOf(Result.Inputs.class, result, () -> "not sure: " + result);
        Set<String> listed = new TreeSet<>();
        inputs.files().forEach(f -> listed.add(f.path()));
        Set<String> missing = new TreeSet<>(gcc);
        missing.removeAll(listed);
        assertEquals(Set.of(), missing, "files gcc reads that the analysis does not list");

        Set<String> extras = new TreeSet<>();
        for (String path : listed) {
            if (!gcc.contains(path) && path.startsWith(root + "/")) {
                extras.add(path.substring(root.toString().length() + 1));
            }
        }
        assertEquals(new TreeSet<>(c.extras()), extras, "files listed in the tree that gcc does not read");
        assertEquals(
                root.resolve(c.source()).toRealPath().toString(),
                inputs.files().getFirst().path());
        for (Result.InputFile file : inputs.files()) {
            assertEquals(Files.size(Path.of(file.path())), file.size(), file.path());
            assertTrue(file.inSystemDirectory() == !file.path().startsWith(root + "/"), file.toString());
        }
    }
}
