package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceModeCommandTest {
    private static final String ROOT = "/tmp/jd/job1/root";

    /** command | verdict with sources (reason name or "remote") */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -c x.c -gsplit-dwarf -g                        | remote
            gcc -c x.c -fstack-usage -O2 -o out/x.o            | remote
            gcc -c x.c -fstack-usage -march=native             | NATIVE_ARCH
            gcc -c x.c -march=native -fstack-usage             | NATIVE_ARCH
            gcc -c x.c -save-temps                             | SIDE_FILES
            gcc -c x.c -g -gsplit-dwarf -o /abs/x.o            | SPLIT_DWARF_ABSOLUTE_OUTPUT
            gcc -c x.c -g -o /abs/x.o                          | remote
            gcc -c x.c -v                                      | NOT_REPRODUCIBLE_FROM_SOURCES
            gcc -c x.c -H                                      | NOT_REPRODUCIBLE_FROM_SOURCES
            gcc -c x.c --sysroot=/opt/s                        | NOT_REPRODUCIBLE_FROM_SOURCES
            gcc -c x.c -B /opt/b                               | NOT_REPRODUCIBLE_FROM_SOURCES
            gcc -c x.c -I=/usr/inc                             | NOT_REPRODUCIBLE_FROM_SOURCES
            gcc -c x.c -isystem $SYSROOT/inc                   | NOT_REPRODUCIBLE_FROM_SOURCES
            gcc -c x.c -Wa,-I/opt/asm                          | NOT_REPRODUCIBLE_FROM_SOURCES
            gcc -c x.c -Wa,--noexecstack                       | remote
            gcc -c x.c -Wp,-D_FORTIFY_SOURCE=2                 | remote
            gcc -c x.c -Wp,-MD,.deps/x.d                       | remote
            gcc -c x.c -Wp,-I/opt/inc                          | NOT_REPRODUCIBLE_FROM_SOURCES
            gcc -c x.c -fopt-info-vec=vec.txt                  | NOT_REPRODUCIBLE_FROM_SOURCES
            gcc x.c                                            | LINKING
            gcc -E x.c                                         | PREPROCESS_ONLY
            """)
    void classifiesForSourceMode(String line, String expected) {
        CompilerCommand command = CommandLines.parse(line);
        Verdict verdict = command.verdictWithSources();
        String actual =
                verdict instanceof Verdict.LocalOnly local ? local.reason().name() : "remote";
        assertEquals(expected, actual, line);
    }

    /** The volunteer writes the .d file: dependency options stay, their files rooted, targets as given. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -c x.c -MD -MF x.d -MT y -MP -MG -o x.o            | gcc -c x.c -MD -MF x.d -MT y -MP -MG -o x.o
            gcc -c x.c -MMD -MF/p/x.d -MQ /p/y -g                  | gcc -c x.c -MMD -MFROOT/p/x.d -MQ /p/y -g
            gcc -c x.c -Wp,-MD,/p/x.d -Wp,-D_X=1,-MMD,y.d,-DY -O2  | gcc -c x.c -Wp,-MD,ROOT/p/x.d -Wp,-D_X=1,-MMD,y.d,-DY -O2
            gcc -c x.c -Wp,-MF/p/x.d,-MT,/p/t                      | gcc -c x.c -Wp,-MFROOT/p/x.d,-MT,/p/t
            """)
    void volunteerKeepsDependencyOptionsWithTheirFilesRooted(String line, String expected) {
        List<String> rooted = CommandLines.parse(line).rootedCommand(ROOT, List.of(), null);
        List<String> words = new java.util.ArrayList<>(CommandLines.words(expected.replace("ROOT", ROOT)));
        words.add(1, "-ffile-prefix-map=" + ROOT + "/=/");
        words.add("-nostdinc");
        assertEquals(words, rooted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -c x.c -Iinc -o out/x.o                            | gcc -ffile-prefix-map=ROOT/=/ -include stdc-predef.h -c x.c -Iinc -o out/x.o -nostdinc -isystem ROOT/usr/include
            gcc -c /p/x.c -I/p/inc -I /q -isystem/s -o /p/x.o      | gcc -ffile-prefix-map=ROOT/=/ -include stdc-predef.h -c ROOT/p/x.c -IROOT/p/inc -I ROOT/q -isystemROOT/s -o ROOT/p/x.o -nostdinc -isystem ROOT/usr/include
            gcc -c x.c -include /p/a.h -imacros/p/m.h -iquote /p/q | gcc -ffile-prefix-map=ROOT/=/ -include stdc-predef.h -c x.c -include ROOT/p/a.h -imacrosROOT/p/m.h -iquote ROOT/p/q -nostdinc -isystem ROOT/usr/include
            gcc -c x.c -ffile-prefix-map=/p=. -fdebug-prefix-map=rel=x | gcc -ffile-prefix-map=ROOT/=/ -include stdc-predef.h -c x.c -ffile-prefix-map=ROOT/p=. -fdebug-prefix-map=rel=x -nostdinc -isystem ROOT/usr/include
            gcc -c x.c -MD -MF /etc/evil -o/p/x.o                  | gcc -ffile-prefix-map=ROOT/=/ -include stdc-predef.h -c x.c -MD -MF ROOT/etc/evil -oROOT/p/x.o -nostdinc -isystem ROOT/usr/include
            gcc -c x.c -DPREFIX=/usr/local                         | gcc -ffile-prefix-map=ROOT/=/ -include stdc-predef.h -c x.c -DPREFIX=/usr/local -nostdinc -isystem ROOT/usr/include
            """)
    void volunteerRootsEveryAbsolutePathAndReplacesTheDefaultSearchPath(String line, String expected) {
        List<String> rooted = CommandLines.parse(line).rootedCommand(ROOT, List.of("/usr/include"), "stdc-predef.h");
        assertEquals(CommandLines.words(expected.replace("ROOT", ROOT)), rooted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -c x.c -O2                        | false
            gcc -c x.c -g                         | true
            gcc -c x.c -g3                        | true
            gcc -c x.c -g -g0                     | false
            gcc -c x.c -ggdb                      | true
            gcc -c x.c -gdwarf-4                  | true
            gcc -c x.c -gz -gno-column-info       | false
            gcc -c x.c -gsplit-dwarf              | false
            gcc -c x.c -gdwarf64                  | false
            gcc -c x.c -g -gtoggle                | false
            gcc -c x.c -o -g                      | false
            """)
    void knowsWhenTheObjectGetsDebugInformation(String line, boolean expected) {
        assertEquals(expected, CommandLines.parse(line).emitsDebugInfo(), line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -c x.cc -m32 -O2 -nostdinc++ -Iinc        | -x c++ -m32 -nostdinc++
            gcc -c x.c -ffreestanding -march=x86-64-v3    | -x c -ffreestanding -march=x86-64-v3
            """)
    void probesTheSearchPathWithTheOptionsThatChangeIt(String line, String expected) {
        assertEquals(CommandLines.words(expected), CommandLines.parse(line).includeSearchOptions());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -c x.c -Iinc -I /abs -iquote q -isystem/s -idirafter a -I- -include h.h | inc /abs q /s a
            """)
    void listsTheIncludeDirectoriesAsGiven(String line, String expected) {
        assertEquals(CommandLines.words(expected), CommandLines.parse(line).includeDirectories());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -c x.c -v
            gcc x.c
            """)
    void refusesToBuildSourceModeCommandsItCannotReproduce(String line) {
        CompilerCommand command = CommandLines.parse(line);
        assertThrows(IllegalStateException.class, () -> command.rootedCommand(ROOT, List.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /
            relative/root
            /tmp/a=b
            /tmp/root/
            """)
    void refusesARootGccCouldNotMapBack(String root) {
        CompilerCommand command = CommandLines.parse("gcc -c x.c");
        assertThrows(IllegalArgumentException.class, () -> command.rootedCommand(root, List.of(), null));
    }
}
