package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client parses every command it is given: nothing may make it throw. */
class OddInputTest {
    private static final List<String> COMPILERS = List.of("gcc", "cc", "/usr/bin/g++", "", "-c", "x.c");
    private static final List<String> WORDS = List.of(
            "-c",
            "-S",
            "-E",
            "-o",
            "-x",
            "",
            "-",
            "@args",
            "c",
            "c++",
            "none",
            "assembler",
            "cpp-output",
            "x.c",
            "y.cpp",
            "z.s",
            "a.o",
            "lib.a",
            "x.i",
            "x.ii",
            "x.mm",
            ".c",
            "x.",
            "/",
            "dir/",
            "-oout.o",
            "-o-",
            "-xc",
            "-xc++",
            "-xnone",
            "-x-c",
            "-MD",
            "-MMD",
            "-MF",
            "-MT",
            "-MQ",
            "-MFx.d",
            "-MP",
            "-MG",
            "-M",
            "-MM",
            "-Wp,",
            "-Wp,-MD",
            "-Wp,-MD,",
            "-Wp,-MD,f.d",
            "-Wp,,",
            "-Wp,-MT",
            "-Wa,-a",
            "-I",
            "-Iinc",
            "-D",
            "-DX",
            "-include",
            "-iquote",
            "-Xlinker",
            "-mllvm",
            "-march=native",
            "-flto",
            "conftest.c",
            "-specs=x",
            "--output",
            "--output=x.o",
            "-O2",
            "-g",
            "-fPIC");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "gcc -o",
                "gcc -c x.c -o",
                "gcc -c x.c -x",
                "gcc -c -xc",
                "gcc -c x.c -MF",
                "gcc -c x.c -MT",
                "gcc -c x.c -I",
                "gcc -c x.c -Wp,-MD",
                "gcc -c x.c -Wp,-MD,",
                "gcc -c x.c -Wp,",
                "gcc -c '' ''",
                "gcc ''",
                "''",
                "-c x.c",
                "gcc -c .c",
                "gcc -c /",
                "gcc -c -x none",
                "gcc -c - -",
            })
    void oddCommandLinesAreLocalOnly(String line) {
        CompilerCommand command = assertDoesNotThrow(() -> CommandLines.parse(line));
        assertFalse(command.isDistributable(), command.toString());
    }

    @Test
    void anEmptyCommandLineHasNoCompiler() {
        CompilerCommand command = CompilerCommand.parse(List.of());
        assertEquals(new Verdict.LocalOnly(Reason.NO_COMPILER, ""), command.verdict());
        assertEquals("", command.compiler());
    }

    @Test
    void nullWordsAreAProgrammingError() {
        assertThrows(NullPointerException.class, () -> CompilerCommand.parse(Arrays.asList("gcc", null)));
    }

    /**
     * Random command lines from awkward words: parsing never throws, and what we send a server, scanned
     * again there, is still distributable and unchanged (a distcc daemon re-runs the scan).
     */
    @Test
    void randomCommandLinesNeverThrowAndRemoteCommandsSurviveTheServerScan() {
        Random random = new Random(20240601);
        int distributable = 0;
        for (int n = 0; n < 50_000; n++) {
            List<String> argv = new ArrayList<>();
            if (random.nextBoolean()) {
                argv.addAll(List.of("gcc", "-c", "x.c"));
            } else {
                argv.add(COMPILERS.get(random.nextInt(COMPILERS.size())));
            }
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                argv.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            CompilerCommand command = assertDoesNotThrow(() -> CompilerCommand.parse(argv), argv::toString);
            if (!command.isDistributable()) {
                continue;
            }
            distributable++;
            if (command.needsPreprocessing()) {
                assertDoesNotThrow(() -> command.preprocessCommand(Path.of("/tmp/t.i")), argv::toString);
            }
            List<String> remote = command.remoteCommand();
            CompilerCommand rescanned = CompilerCommand.parse(remote);
            assertEquals(Verdict.DISTRIBUTABLE, rescanned.verdict(), () -> argv + " -> " + remote);
            assertEquals(command.source(), rescanned.source(), () -> argv + " -> " + remote);
            assertEquals(command.output(), rescanned.output(), () -> argv + " -> " + remote);
            assertEquals(remote, rescanned.remoteCommand(), () -> argv + " -> " + remote);
        }
        assertFalse(distributable < 1000, "too few distributable samples: " + distributable);
    }
}
