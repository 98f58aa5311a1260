package org.jdistcc.client.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jdistcc.common.args.CompilerCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command distcc 3.4's client sends in pump mode, word for word (src/compile.c, src/arg.c). */
class PumpArgumentsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // the command as given                   | as sent
                "gcc -c x.c -o x.o                         | gcc -c x.c -o x.o",
                "gcc -c x.c                                | gcc -c x.c -o x.o",
                "gcc -O2 -c src/x.c                        | gcc -O2 -c src/x.c -o x.o",
                "gcc -MD -Iinc -c src/hello.c -o hello.o   | gcc -MD -Iinc -c src/hello.c -o hello.o -MT hello.o",
                "gcc -MMD -MF d/x.d -c x.c -o out/x.o      | gcc -MMD -MF d/x.d -c x.c -o out/x.o -MT out/x.o",
                "gcc -MD -MT t -c x.c -o x.o               | gcc -MD -MT t -c x.c -o x.o",
                "gcc -MD -MQ t -c x.c -ox.o                | gcc -MD -MQ t -c x.c -ox.o",
                "gcc -MD -c x.c                            | gcc -MD -c x.c -o x.o -MT x.o",
            })
    void sendsTheWholeCommandWithAnOutputAndADependencyTarget(String given, String sent) {
        CompilerCommand command = CompilerCommand.parse(List.of(given.split(" ")));

        assertEquals(List.of(sent.split(" ")), PumpDialect.remoteArguments(command));
    }
}
