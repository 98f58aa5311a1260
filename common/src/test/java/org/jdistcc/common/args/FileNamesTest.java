package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    /** Observed with gcc 12 ({@code gcc -c -MD a.c -o OUTPUT}); distcc's DotD_Case has the first four. */
    @ParameterizedTest(name = "-o {0} writes {1}")
    @CsvSource({
        "hello.o, hello.d",
        "hello.., hello..d",
        "hello.bar.foo, hello.bar.d",
        "hello., hello.d",
        "out/b.o, out/b.d",
        "out/b, out/b.d",
        "out.x/b, out.x/b.d",
        ".hidden, .d",
        "CMakeFiles/foo.dir/foo.c.o, CMakeFiles/foo.dir/foo.c.d"
    })
    void dependencyFileReplacesTheOutputsLastSuffix(String output, String dependencyFile) {
        assertEquals(dependencyFile, FileNames.dependencyFileForOutput(output));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"hello.c, hello.o", "../src/hello.c, hello.o", "a.b.c, a.b.o", "/abs/dir.d/x.cpp, x.o"})
    void defaultOutputIsTheSourceStemInTheCurrentDirectory(String source, String output) {
        assertEquals(output, FileNames.defaultOutput(source, ".o"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            value = {"hello.c, c", "hello.2.4.4.c, c", ".foo, foo", "gcc, ~", "hello., ~", "dir.c/hello, ~"},
            nullValues = "~")
    void extensionIsAfterTheLastDotOfTheLastComponent(String name, String extension) {
        assertEquals(extension, FileNames.extension(name));
    }
}
