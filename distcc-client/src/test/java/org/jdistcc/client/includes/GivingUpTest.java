package org.jdistcc.client.includes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the analysis cannot be sure it found every file, it says so and why, and lists nothing. */
class GivingUpTest {
    private static final IncludeAnalysis ANALYSIS = IncludeAnalysis.create();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            absolute #include      | #include "/usr/include/stdio.h"           |                  | the absolute path /usr/include/stdio.h
            -I-                    | #include "a.h"                            | -I-              | the option -I- is not modelled
            -Xpreprocessor         | int x;                                    | -Xpreprocessor -I/x | the option -Xpreprocessor is not modelled
            -Wp with an -I         | int x;                                    | -Wp,-Iinc        | the option -Wp,-Iinc is not modelled
            sysroot-relative -I    | int x;                                    | -I=/inc          | the option -I =/inc is not modelled
            a response file        | int x;                                    | @flags.txt       | the option @flags.txt is not modelled
            precompiled header     | #include "pch.h"                          |                  | a precompiled header
            assembler .incbin      | __asm__(".incbin \\"blob.bin\\"");        |                  | an assembler .incbin or .include
            an #embed              | #if 0\\n#embed "blob.bin"\\n#endif        |                  | #embed at line 2
            __FILE__ in an include | #include __FILE__                         |                  | it uses __FILE__
            too many alternatives  | #include "many.h"\\n#include A B C D      |                  | possible expansions
            missing -include       | int x;                                    | -include nope.h  | cannot find -include nope.h
            a FIFO for a header    | #include "fifo.h"                         |                  | is not a regular file
            """)
    void saysWhyItCannotBeSure(String name, String source, String flags, String reason, @TempDir Path root)
            throws Exception {
        SourceTree.write(root, """
                == pch.h
                == pch.h.gch
                == blob.bin
                == many.h
                """ + manyDefinitions() + "== main.c\n" + source.replace("\\n", "\n"));
        if (name.contains("FIFO")) {
            Outcome mkfifo =
                    CommandRunner.in(root).run("mkfifo", root.resolve("fifo.h").toString());
            assertEquals(0, mkfifo.exitCode(), mkfifo::toString);
        }
        List<String> argv = new ArrayList<>(List.of("gcc", "-c", "main.c"));
        if (flags != null) {
            argv.addAll(List.of(flags.split(" ")));
        }
        var request = new IncludeAnalysis.Request(CompilerCommand.parse(argv), Path.of("/usr/bin/gcc"), root, Map.of());
        Result result = ANALYSIS.analyse(request);
        var unsure = assertInstanceOf(Result.CannotBeSure.class, result);
        assertTrue(unsure.reason().contains(reason), unsure.reason());
    }

    /** Four macros with six definitions each: 7^4 ways to expand "A B C D". */
    private static String manyDefinitions() {
        var text = new StringBuilder();
        for (String macro : List.of("A", "B", "C", "D")) {
            for (int i = 0; i < 6; i++) {
                text.append("#define ")
                        .append(macro)
                        .append(' ')
                        .append(macro.toLowerCase(java.util.Locale.ROOT))
                        .append(i)
                        .append('\n');
            }
        }
        return text.toString();
    }
}
