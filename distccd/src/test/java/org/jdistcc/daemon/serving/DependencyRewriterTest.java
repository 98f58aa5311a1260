package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DependencyRewriterTest {
    private static final String ROOT = "/tmp/distccd_Ab12Cd";
    private static final String OBJECT = "/tmp/jdistccd_1/work/hello.o";

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "target and headers      | /tmp/jdistccd_1/work/hello.o: hello.c /tmp/distccd_Ab12Cd/home/u/a.h\\n"
                        + "| out/hello.o: hello.c /home/u/a.h\\n",
                "continuation lines      | /tmp/jdistccd_1/work/hello.o: hello.c \\\\\\n /tmp/distccd_Ab12Cd/usr/x.h\\n"
                        + "| out/hello.o: hello.c \\\\\\n /usr/x.h\\n",
                "phony targets of -MP    | /tmp/distccd_Ab12Cd/home/u/a.h:\\n | /home/u/a.h:\\n",
                "the object once a line  | /tmp/jdistccd_1/work/hello.o /tmp/jdistccd_1/work/hello.o:\\n"
                        + "| out/hello.o /tmp/jdistccd_1/work/hello.o:\\n",
                "every root of a line    | a: /tmp/distccd_Ab12Cd/x.h /tmp/distccd_Ab12Cd/y.h | a: /x.h /y.h",
                "no newline at the end   | /tmp/jdistccd_1/work/hello.o: hello.c | out/hello.o: hello.c",
                "nothing to change       | x.o: x.c\\n | x.o: x.c\\n",
            })
    void rewritesAsDistccDoes(String description, String dotd, String expected) {
        byte[] result = DependencyRewriter.rewrite(bytes(unescape(dotd)), ROOT, OBJECT, "out/hello.o");
        assertEquals(unescape(expected), new String(result, StandardCharsets.UTF_8), description);
    }

    @Test
    void keepsBytesThatAreNotUtf8() {
        byte[] dotd = {'x', '.', 'o', ':', ' ', (byte) 0xe9, '.', 'h', '\n'};
        assertArrayEquals(dotd, DependencyRewriter.rewrite(dotd, ROOT, OBJECT, "out/hello.o"));
    }

    /** What gcc writes under a root, rewritten, names only client paths. */
    @Test
    void rewritesWhatGccWritesUnderARoot() throws Exception {
        Path root = Files.createDirectories(temp.resolve("distccd_Zz99Yy"));
        Path cwd = Files.createDirectories(root.resolve("home/u/proj"));
        Files.createDirectories(cwd.resolve("inc"));
        Files.writeString(cwd.resolve("inc/util.h"), "#define ONE 1\n");
        Files.writeString(cwd.resolve("hello.c"), "#include \"util.h\"\nint one(void) { return ONE; }\n");
        Path work = Files.createDirectories(temp.resolve("job/work"));
        Path object = work.resolve("hello.o");
        Path deps = work.resolve("deps.d");
        DebugPathRewriterTest.run(
                cwd,
                List.of(
                        "gcc",
                        "-I" + cwd.resolve("inc"),
                        "-c",
                        "hello.c",
                        "-o",
                        object.toString(),
                        "-MMD",
                        "-MP",
                        "-MF",
                        deps.toString()));
        byte[] rewritten =
                DependencyRewriter.rewrite(Files.readAllBytes(deps), root.toString(), object.toString(), "hello.o");
        String text = new String(rewritten, StandardCharsets.UTF_8);
        assertEquals(
                "hello.o: hello.c /home/u/proj/inc/util.h\n/home/u/proj/inc/util.h:\n",
                text.replace("\\\n", "").replaceAll(" +", " ").replace("\n\n", "\n"));
    }

    private static String unescape(String s) {
        return s.strip().replace("\\n", "\n").replace("\\\\", "\\");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
