package org.jdistcc.daemon.compilers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.jdistcc.common.ExitCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PumpCommandTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "what distcc's pump client sends | -MD -Iinc -c src/hello.c -o hello.o -MT hello.o"
                        + "| -MD -Iinc -c src/hello.c -o hello.o -MT hello.o | src/hello.c",
                "the language stays as written   | -x c++ -c x.c -o x.o | -x c++ -c x.c -o x.o | x.c",
                "-include and -imacros allowed   | -include cfg.h -imacros /m.h -c x.c -o x.o"
                        + "| -include cfg.h -imacros /m.h -c x.c -o x.o | x.c",
                "-MF dropped with its value      | -MD -MF deps/x.d -c x.c -o x.o | -MD -c x.c -o x.o | x.c",
                "joined -MF dropped              | -MMD -MFdeps/x.d -c x.c -o x.o | -MMD -c x.c -o x.o | x.c",
                "a value is not the source       | -D X -MT t.c -c x.c -o x.o | -D X -MT t.c -c x.c -o x.o | x.c",
                "no -o: named as 3.4 does        | -c src/x.c | -c src/x.c -o x.o | src/x.c",
                "absolute source                 | -c /home/u/x.c -o /home/u/x.o | -c /home/u/x.c -o /home/u/x.o | /home/u/x.c",
            })
    void keepsTheCommandAsTheClientWroteIt(String description, String args, String expected, String source)
            throws Refusal {
        PumpCommand command = PumpCommand.check("gcc", words(args));
        assertEquals(words(expected), command.args(), description);
        assertEquals(source, command.source(), description);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "runs a program          | -fplugin=/tmp/x.so -c x.c -o x.o | -fplugin",
                "passes words through    | -Wp,-MD,/etc/x -c x.c -o x.o     | -Wp,",
                "writes a file           | -save-temps -c x.c -o x.o        | -save-temps",
                "reads the sysroot       | --sysroot=/ -c x.c -o x.o        | --sysroot",
                "links                   | x.c -o x                         | linking",
                "two sources             | -c x.c y.c                       | one source",
                "not a source            | -c x.s -o x.o                    | x.s",
                "-include without value  | -c x.c -include                  | -include",
                "-MF without value       | -c x.c -o x.o -MF                | -MF",
            })
    void refusesWhatTheOptionPolicyRefuses(String description, String args, String named) {
        Refusal refusal = assertThrows(Refusal.class, () -> PumpCommand.check("gcc", words(args)));
        assertEquals(ExitCode.ACCESS_DENIED, refusal.exitCode());
        assertTrue(refusal.getMessage().contains(named), description + ": " + refusal.getMessage());
    }

    private static List<String> words(String s) {
        return Arrays.asList(s.strip().split(" +"));
    }
}
