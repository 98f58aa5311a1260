package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.daemon.DistccPumpBuild;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our rewriting against distcc 3.4's own {@code fix_debug_info.c}, built from Debian's source package
 * with its {@code TEST} main ({@code fix_debug_info FILE CLIENT_PATH SERVER_PATH}), on objects the real
 * gcc compiled under a root as a pump job does: the same bytes.
 */
class DebugPathRewriterReferenceTest {
    @TempDir
    static Path temp;

    static Path reference;

    @BeforeAll
    static void buildDistccsFixDebugInfo() throws Exception {
        Path distcc = DistccPumpBuild.directory();
        reference = temp.resolve("fix_debug_info");
        DebugPathRewriterTest.run(
                distcc,
                List.of(
                        "gcc",
                        "-DTEST",
                        "-DHAVE_CONFIG_H",
                        "-Isrc",
                        "-I.",
                        "-o",
                        reference.toString(),
                        "src/fix_debug_info.c",
                        "src/trace.c",
                        "src/traceenv.c",
                        "src/util.c",
                        "src/snprintf.c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-g", "-gdwarf-4", "-gdwarf-4 -m32", "-gdwarf-3 -O2", "-g3 -gdwarf-4", "-O2"})
    void givesTheBytesDistccsServerGives(String options) throws Exception {
        Path root = Files.createDirectories(temp.resolve("distccd_" + Math.abs(options.hashCode() % 900000 + 100000)));
        Path cwd = Files.createDirectories(root.resolve("home/u/proj"));
        Files.createDirectories(cwd.resolve("inc"));
        Files.writeString(cwd.resolve("inc/util.h"), "#define TWICE(x) (2 * (x))\nstatic int z;\n");
        Files.writeString(cwd.resolve("hello.c"), "#include \"util.h\"\nint hello(int x) { return TWICE(x) + z; }\n");
        List<String> command =
                new ArrayList<>(List.of("gcc", "-c", "hello.c", "-o", "hello.o", "-I" + cwd.resolve("inc")));
        command.addAll(List.of(options.split(" ")));
        DebugPathRewriterTest.run(cwd, command);

        Path theirs = temp.resolve("theirs.o");
        Files.copy(cwd.resolve("hello.o"), theirs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DebugPathRewriterTest.run(temp, List.of(reference.toString(), theirs.toString(), "/", root.toString()));
        Path ours = cwd.resolve("hello.o");
        DebugPathRewriter.rewrite(ours, root.toString());
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), options);
    }
}
