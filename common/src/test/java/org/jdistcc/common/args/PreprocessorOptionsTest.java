package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessorOptionsTest {
    @Test
    void readsTheSearchChainsInOrderJoinedOrNot() {
        var options = of("gcc -c a.c -Ia -I b -iquote q -iquoteq2 -isystem s -idirafter d -I c -o -Inot-an-option");
        assertEquals(List.of("a", "b", "c"), options.bracketDirectories());
        assertEquals(List.of("q", "q2"), options.quoteDirectories());
        assertEquals(List.of("s"), options.systemDirectories());
        assertEquals(List.of("d"), options.afterDirectories());
        assertEquals(Optional.empty(), options.unsupported());
    }

    @Test
    void readsIncludeFilesDefinitionsAndProbeOptions() {
        var options = of("gcc -c a.c -include x.h -imacrosm.h -DA -D B=2 -UC -O2 -m32 -fPIC -std=c11 -MD -MF a.d"
                + " -nostdinc --sysroot=/sr -Wall");
        assertEquals(List.of("x.h", "m.h"), options.includeFiles());
        assertEquals(List.of("A", "B=2"), options.definitions());
        assertEquals(
                List.of("-x", "c", "-O2", "-m32", "-fPIC", "-std=c11", "-nostdinc", "--sysroot=/sr"),
                options.probeOptions());
    }

    @ParameterizedTest
    @CsvSource({
        "gcc -c a.c -I-, -I-",
        "gcc -c a.c -iprefix /p, -iprefix",
        "gcc -c a.c -Xpreprocessor -I/x, -Xpreprocessor",
        "gcc -c a.c -Wp;-Ix, -Wp;-Ix",
        "gcc -c a.c -I=/inc, -I =/inc",
        "gcc -c a.c -isystem $SYSROOT/inc, -isystem $SYSROOT/inc",
        "gcc -c a.c @opts, @opts",
        "gcc -c a.c -traditional-cpp, -traditional-cpp",
    })
    void namesTheFirstOptionItDoesNotModel(String command, String option) {
        assertEquals(
                Optional.of(option.replace(';', ',')),
                of(command.replace(';', ',')).unsupported());
    }

    private static PreprocessorOptions of(String command) {
        return PreprocessorOptions.of(CompilerCommand.parse(List.of(command.split(" "))));
    }
}
