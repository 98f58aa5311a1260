package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessCommandTest {
    private static final Path TEMP = Path.of("/tmp/distcc_1234.i");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -c hello.c | gcc -E hello.c -o /tmp/distcc_1234.i
            gcc -o /tmp/hello.o -c ../src/hello.c | gcc -E ../src/hello.c -o /tmp/distcc_1234.i
            gcc -ohello.o -c hello.c | gcc -E hello.c -o /tmp/distcc_1234.i
            gcc -c -S hello.c | gcc -E -E hello.c -o /tmp/distcc_1234.i
            gcc -DX=1 -I inc -include c.h -O2 -c x.c -o x.o | gcc -DX=1 -I inc -include c.h -O2 -E x.c -o /tmp/distcc_1234.i
            gcc -xc++ -c foo.c -o foo.o | gcc -xc++ -E foo.c -o /tmp/distcc_1234.i
            """)
    void turnsTheCompileIntoAPreprocessorRun(String original, String expected) {
        assertEquals(CommandLines.words(expected), CommandLines.parse(original).preprocessCommand(TEMP));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # -MD without -o: the .d would follow the temp file, the target (source stem) is right already
            gcc -MD -c hello.c | gcc -MD -E hello.c -MF hello.d -o /tmp/distcc_1234.i
            gcc -MD -S src/hello.c | gcc -MD -E src/hello.c -MF hello.d -o /tmp/distcc_1234.i
            # -MD with -o: both the file name and the target come from -o
            gcc -MMD -c foo.c -o out/foo.o | gcc -MMD -E foo.c -MF out/foo.d -MQ out/foo.o -o /tmp/distcc_1234.i
            gcc -MD -MF x.d -c foo.c -o foo.o | gcc -MD -MF x.d -E foo.c -MQ foo.o -o /tmp/distcc_1234.i
            gcc -MD -MT t -c foo.c -o foo.o | gcc -MD -MT t -E foo.c -MF foo.d -o /tmp/distcc_1234.i
            # Build systems that name everything need nothing added
            gcc -DHAVE_CONFIG_H -I. -MT main.o -MD -MP -MF .deps/main.Tpo -c -o main.o main.c | gcc -DHAVE_CONFIG_H -I. -MT main.o -MD -MP -MF .deps/main.Tpo -E main.c -o /tmp/distcc_1234.i
            cc -MD -MQ p/foo.c.o -MF p/foo.c.o.d -o p/foo.c.o -c ../foo.c | cc -MD -MQ p/foo.c.o -MF p/foo.c.o.d -E ../foo.c -o /tmp/distcc_1234.i
            # -Wp,-MD,F is passed to cc1 as it is and does not depend on -o
            gcc -Wp,-MMD,d/.x.o.d -nostdinc -c -o d/x.o d/x.c | gcc -Wp,-MMD,d/.x.o.d -nostdinc -E d/x.c -o /tmp/distcc_1234.i
            """)
    void keepsTheDependencyFileAsTheCompileWouldWriteIt(String original, String expected) {
        assertEquals(CommandLines.words(expected), CommandLines.parse(original).preprocessCommand(TEMP));
    }

    @Test
    void refusesSourcesThatAreAlreadyPreprocessed() {
        assertThrows(
                IllegalStateException.class,
                () -> CommandLines.parse("gcc -c x.ii").preprocessCommand(TEMP));
    }

    @Test
    void refusesLocalOnlyCommands() {
        assertThrows(
                IllegalStateException.class,
                () -> CommandLines.parse("gcc x.c -o x").preprocessCommand(TEMP));
    }
}
