package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the real gcc: a compile run directly must leave the same side files (the {@code .d}) as our
 * local preprocessor run followed by a separate compile of its output, as a server would do it.
 */
class GccRoundTripTest {
    private static final Path GCC = Path.of("/usr/bin/gcc");
    private static final Path GXX = Path.of("/usr/bin/g++");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsGcc() {
        assumeTrue(Files.isExecutable(GCC) && Files.isExecutable(GXX), "gcc and g++ are not installed");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc | -MD -c sub/a.c                                                            |
            gcc | -MD -c sub/a.c -o out/b.o                                                 |
            gcc | -MMD -c sub/a.c -o out/b.o                                                |
            gcc | -MMD -MP -c sub/a.c -o out/b.o                                            |
            gcc | -MMD -c sub/a.c -oout/j.o                                                 |
            gcc | -MD -MF out/x.d -c sub/a.c -o out/b.o                                     |
            gcc | -MD -MT tgt -c sub/a.c -o out/b.o                                         |
            gcc | -MD -MQ q$1 -MT t$2 -c sub/a.c -o out/b.o                                 |
            gcc | -MD -c sub/a.c -o 'out/$b c.o'                                            |
            gcc | -MD -c sub/a.c -o out/hello.bar.foo                                       |
            gcc | -MD -c sub/a.c -o out/hello.                                              |
            gcc | -MD -c sub/a.b.c                                                          |
            gcc | -MD -S sub/a.c                                                            |
            gcc | -MMD -S sub/a.c -o out/z.s                                                |
            gcc | -Wp,-MD,out/w.d -c sub/a.c -o out/b.o                                    |
            gcc | -Wp,-MMD,out/.b.o.d -nostdinc -Isub -c -o out/b.o sub/a.b.c                  |
            gcc | -Wp,-MMD,out/w.d -MD -c sub/a.c -o out/b.o                                |
            gcc | -Wp,-MD,out/w.d,-MT,wt -c sub/a.c -o out/b.o                              |
            gcc | -DHAVE_CONFIG_H -I. -MT b.lo -MD -MP -MF out/.deps/b.Tpo -c sub/a.c -fPIC -o out/b.o |
            gcc | -Isub -O2 -MD -MT CMakeFiles/a.dir/sub/a.c.o -MF out/a.c.o.d -o out/a.c.o -c sub/a.c |
            gcc | -Isub -MD -MQ out/a.c.o -MF out/a.c.o.d -o out/a.c.o -c sub/a.c           |
            gcc | -x c++ -MD -c sub/a.c -o out/b.o                                          |
            g++ | -MD -c sub/c.cpp -o out/c.o                                               |
            g++ | -std=c++17 -MMD -MP -c sub/c.cpp                                          |
            gcc | -c sub/a.c -o out/b.o                                                     | DEPENDENCIES_OUTPUT=out/env.d
            gcc | -c sub/a.c -o out/b.o                                                     | DEPENDENCIES_OUTPUT=out/env.d envtarget
            gcc | -c sub/a.c                                                                | SUNPRO_DEPENDENCIES=out/sun.d
            gcc | -MD -c sub/a.c -o out/b.o                                                 | DEPENDENCIES_OUTPUT=out/env.d
            """)
    void preprocessingHereWritesTheSameDependencyFileAsTheCompile(String compiler, String args, String env)
            throws Exception {
        Map<String, String> environment = environment(env);
        List<String> argv = new ArrayList<>(List.of(compiler));
        argv.addAll(CommandLines.words(args));
        CompilerCommand command = CompilerCommand.parse(argv);
        assertTrue(command.isDistributable(), command.toString());
        writeSources();
        String output = command.output().orElseThrow();

        Map<String, Snapshot> before = snapshot();
        run(argv, environment);
        Map<String, Snapshot> direct = newFiles(before);
        for (String file : direct.keySet()) {
            Files.delete(dir.resolve(file));
        }
        assertTrue(direct.remove(output) != null, "direct compile wrote no " + output + ": " + direct.keySet());
        assertFalse(direct.isEmpty(), "direct compile wrote no dependency file");
        assertEquals(
                List.copyOf(direct.keySet()),
                command.dependencyFile(environment).stream().toList(),
                "dependency file name");

        distribute(command, environment);
        Map<String, Snapshot> distributed = newFiles(before);
        distributed.keySet().removeIf(name -> name.startsWith("jdistcc-work/"));

        assertEquals(direct, distributed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -O2 -c sub/a.c -o out/b.o
            gcc -O2 -S sub/a.c -o out/b.s
            gcc -O2 -DANSWER=7 -Isub -c sub/a.c
            gcc -x c++ -O2 -c sub/a.c -o out/b.o
            gcc -xc++ -c sub/a.c -o out/b.o
            g++ -x c -c sub/c.c -o out/c.o
            g++ -O2 -std=c++17 -c sub/c.cpp -o out/c.o
            """)
    void compilingThePreprocessedSourceElsewhereGivesTheSameOutput(String line) throws Exception {
        CompilerCommand command = CommandLines.parse(line);
        assertTrue(command.isDistributable(), command.toString());
        writeSources();
        Path output = dir.resolve(command.output().orElseThrow());

        run(command.arguments(), Map.of());
        byte[] direct = Files.readAllBytes(output);
        Files.delete(output);
        Path serverOutput = distribute(command, Map.of());

        assertEquals(new Snapshot(direct), new Snapshot(Files.readAllBytes(serverOutput)));
    }

    /**
     * Preprocesses here, then compiles as a distcc server would: its input file is named after the
     * source's extension (not the language), the first source word and the output are swapped for
     * its temporary files, and its working directory is elsewhere. Returns the server's output.
     */
    private Path distribute(CompilerCommand command, Map<String, String> environment) throws Exception {
        Path work = Files.createDirectories(dir.resolve("jdistcc-work"));
        Path preprocessed = work.resolve("cpp" + command.preprocessedExtension().orElseThrow());
        run(command.preprocessCommand(preprocessed), environment);
        String source = command.source().orElseThrow();
        Path serverInput = work.resolve(
                "server" + CompilerCommand.preprocessedExtension(source).orElseThrow());
        Files.move(preprocessed, serverInput);
        Path serverOutput = work.resolve("server.out");
        run(serverCommand(command, serverInput, serverOutput), Map.of(), work);
        return serverOutput;
    }

    /** What a distcc server runs: the first source word and the output swapped for its temp files. */
    private static List<String> serverCommand(CompilerCommand command, Path input, Path output) {
        List<String> argv = new ArrayList<>(command.remoteCommand());
        argv.set(argv.indexOf(command.source().orElseThrow()), input.toString());
        int dashO = argv.lastIndexOf("-o");
        if (dashO >= 0) {
            argv.set(dashO + 1, output.toString());
        } else {
            argv.replaceAll(word -> word.startsWith("-o") ? "-o" + output : word);
        }
        return argv;
    }

    private static Map<String, String> environment(String assignment) {
        if (assignment == null || assignment.isBlank()) {
            return Map.of();
        }
        int equals = assignment.indexOf('=');
        return Map.of(
                assignment.substring(0, equals).strip(),
                assignment.substring(equals + 1).strip());
    }

    private void writeSources() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.createDirectories(dir.resolve("out/.deps"));
        Files.writeString(dir.resolve("sub/h.h"), "#define ANSWER 42\n");
        Files.writeString(
                dir.resolve("sub/a.c"),
                "#include \"h.h\"\n#include <stdio.h>\nint answer = ANSWER;\nint twice(int x) { return 2 * x; }\n");
        Files.writeString(dir.resolve("sub/c.c"), "#include \"h.h\"\nint twice(int x) { return ANSWER * x; }\n");
        Files.writeString(dir.resolve("sub/a.b.c"), "#include \"h.h\"\nint answer = ANSWER;\n");
        Files.writeString(
                dir.resolve("sub/c.cpp"), "#include \"h.h\"\n#include <vector>\nstd::vector<int> v{ANSWER};\n");
    }

    private void run(List<String> argv, Map<String, String> environment) throws Exception {
        run(argv, environment, dir);
    }

    private static void run(List<String> argv, Map<String, String> environment, Path cwd) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().remove("DEPENDENCIES_OUTPUT");
        builder.environment().remove("SUNPRO_DEPENDENCIES");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + argv);
        assertEquals(0, process.exitValue(), argv + "\n" + log);
    }

    /** A file's bytes; equals and hashCode compare the content, so the array component is safe. */
    @SuppressWarnings("ArrayRecordComponent")
    private record Snapshot(byte[] content) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot s && Arrays.equals(content, s.content);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private Map<String, Snapshot> snapshot() throws IOException {
        Map<String, Snapshot> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(path -> {
                try {
                    files.put(dir.relativize(path).toString(), new Snapshot(Files.readAllBytes(path)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return files;
    }

    private Map<String, Snapshot> newFiles(Map<String, Snapshot> before) throws IOException {
        Map<String, Snapshot> after = snapshot();
        after.keySet().removeAll(before.keySet());
        return after;
    }
}
