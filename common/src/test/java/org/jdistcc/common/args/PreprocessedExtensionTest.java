package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessedExtensionTest {

    @ParameterizedTest(name = "{0} -> {1}, needs cpp: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            hello.c         | .i   | true
            hello.cc        | .ii  | true
            hello.cpp       | .ii  | true
            hello.cxx       | .ii  | true
            hello.cp        | .ii  | true
            hello.c++       | .ii  | true
            hello.C         | .ii  | true
            hello.m         | .mi  | true
            hello.mm        | .mii | true
            hello.M         | .mii | true
            hello.i         | .i   | false
            hello.2.4.4.i   | .i   | false
            hello.ii        | .ii  | false
            hello.mi        | .mi  | false
            hello.mii       | .mii | false
            dir.x/hello.c   | .i   | true
            """)
    void followsTheSourceExtension(String source, String extension, boolean needsCpp) {
        assertEquals(Optional.of(extension), CompilerCommand.preprocessedExtension(source));
        CompilerCommand command = CompilerCommand.parse(java.util.List.of("gcc", "-c", source));
        assertEquals(Optional.of(extension), command.preprocessedExtension());
        assertEquals(needsCpp, command.needsPreprocessing());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"boot.s", "boot.S", "gcc", ".foo", "hello.", "hello.CPP", "hello.h", "dir.c/hello"})
    void isAbsentForWhatDistccDoesNotTakeForASource(String name) {
        assertEquals(Optional.empty(), CompilerCommand.preprocessedExtension(name));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -x c++ -c hello.c              | .ii  | true
            gcc -xobjective-c -c hello.c       | .mi  | true
            gcc -x objective-c++ -c hello.m    | .mii | true
            gcc -x c -c hello.ii               | .i   | true
            gcc -x c++-cpp-output -c hello.c   | .ii  | false
            gcc -x objc++-cpp-output -c x.mm   | .mii | false
            """)
    void followsTheLanguageOption(String line, String extension, boolean needsCpp) {
        CompilerCommand command = CommandLines.parse(line);
        assertEquals(Optional.of(extension), command.preprocessedExtension());
        assertEquals(needsCpp, command.needsPreprocessing());
    }
}
