package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** distcc 3.4's server-side rewriting of a pump command (src/serve.c), one row per rule. */
class PumpArgumentsTest {
    private static final String ROOT = "/tmp/distccd_Ab12Cd";

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "plain                    | -c src/x.c -o x.o" + "| -c src/x.c -o OBJ -MMD -MF DEPS | x.o",
                "joined output            | -c x.c -oout/x.o" + "| -c x.c -oOBJ -MMD -MF DEPS | out/x.o",
                "-MT is taken out         | -MD -c x.c -o x.o -MT t.o" + "| -MD -c x.c -o OBJ -MF DEPS | t.o",
                "only the first -MT       | -c x.c -MT a -MT b -o x.o" + "| -c x.c -MT b -o OBJ -MMD -MF DEPS | a",
                "-MMD kept, not doubled   | -MMD -c x.c -o x.o" + "| -MMD -c x.c -o OBJ -MF DEPS | x.o",
                "-MQ is left to gcc       | -MD -MQ $t -c x.c -o x.o" + "| -MD -MQ $t -c x.c -o OBJ -MF DEPS | x.o",
                "absolute -I, joined      | -I/usr/include/foo -Iinc -c x.c -o x.o"
                        + "| -IROOT/usr/include/foo -Iinc -c x.c -o OBJ -MMD -MF DEPS | x.o",
                "absolute -I, separate    | -I /home/u/inc -I inc -c x.c -o x.o"
                        + "| -I ROOT/home/u/inc -I inc -c x.c -o OBJ -MMD -MF DEPS | x.o",
                "every include option     | -include /a.h -imacros /m.h -idirafter /d -iprefix /p -isystem /s"
                        + " -iquote /q -iwithprefix /w -c x.c -o x.o"
                        + "| -include ROOT/a.h -imacros ROOT/m.h -idirafter ROOT/d -iprefix ROOT/p -isystem ROOT/s"
                        + " -iquote ROOT/q -iwithprefix ROOT/w -c x.c -o OBJ -MMD -MF DEPS | x.o",
                "joined include options   | -isystem/s -iquote/q -include/a.h -c x.c -o x.o"
                        + "| -isystemROOT/s -iquoteROOT/q -includeROOT/a.h -c x.c -o OBJ -MMD -MF DEPS | x.o",
                "3.4's prefix order       | -iwithprefixbefore/w -c x.c -o x.o"
                        + "| -iwithprefixbefore/w -c x.c -o OBJ -MMD -MF DEPS | x.o",
                "sysroot-relative -I      | -I=/usr/inc -c x.c -o x.o"
                        + "| -I=/usr/inc -c x.c -o OBJ -MMD -MF DEPS | x.o",
                "other options untouched  | -DX=/a -fdebug-prefix-map=/a=/b -c x.c -o x.o"
                        + "| -DX=/a -fdebug-prefix-map=/a=/b -c x.c -o OBJ -MMD -MF DEPS | x.o",
                "absolute source          | -c /home/u/x.c -o /home/u/x.o"
                        + "| -c ROOT/home/u/x.c -o OBJ -MMD -MF DEPS | /home/u/x.o",
                "source with two slashes  | -c //home/u/x.c -o x.o" + "| -c ROOT/home/u/x.c -o OBJ -MMD -MF DEPS | x.o",
            })
    void rewritesAsDistccsServer(String description, String args, String expected, String target) {
        List<String> in = words(args);
        int source = 0;
        while (!in.get(source).endsWith(".c")) {
            source++;
        }
        PumpArguments rewritten = PumpArguments.rewrite(in, source, ROOT, "/job/work/x.o", "/job/deps.d");
        List<String> want = words(expected.replace("ROOT", ROOT)).stream()
                .map(w -> w.replace("OBJ", "/job/work/x.o").replace("DEPS", "/job/deps.d"))
                .toList();
        assertEquals(want, rewritten.args(), description);
        assertEquals(target, rewritten.dependencyTarget(), description);
    }

    private static List<String> words(String s) {
        return Arrays.asList(s.strip().split(" +"));
    }
}
