package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.compilers.OptionPolicy;
import org.jdistcc.daemon.compilers.Refusal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The option allow-list, as a table: what passes and how it is rewritten, what is refused. */
class OptionPolicyTest {
    /**
     * A whitelist directory as Debian's distcc makes {@code /usr/lib/distcc} on a machine with gcc
     * 12 alone (it links every compiler installed, so the machine's own would depend on whether
     * clang is there): links to the distcc binary, named after each compiler.
     */
    private static final List<String> GCC_ONLY = List.of(
            "c++",
            "c89-gcc",
            "c99-gcc",
            "cc",
            "g++",
            "g++-12",
            "gcc",
            "gcc-12",
            "x86_64-linux-gnu-g++",
            "x86_64-linux-gnu-g++-12",
            "x86_64-linux-gnu-gcc",
            "x86_64-linux-gnu-gcc-12");

    @TempDir
    static Path machine;

    private static CompilerWhitelist debian;

    @BeforeAll
    static void gccOnlyWhitelist() throws IOException {
        Path distcc = Files.writeString(machine.resolve("distcc"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(distcc, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createDirectory(machine.resolve("lib-distcc"));
        for (String name : GCC_ONLY) {
            Files.createSymbolicLink(dir.resolve(name), distcc);
        }
        debian = new CompilerWhitelist(dir, Set.of(), false);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // client command                                        | rewritten
                //     | input   | output
                "-O2 -c zlib.c -o objs/zlib.o                             | -O2 -c zlib.i -o zlib.o                            | zlib.i  | zlib.o",
                "-O3 -fPIC -DPIC -c -o objs/adler32.o adler32.c          | -O3 -fPIC -DPIC -c -o adler32.o adler32.i          | adler32.i | adler32.o",
                "-x c -c a.c -o a.o                                       | -x cpp-output -c a.i -o a.o                        | a.i     | a.o",
                "-xc++ -c a.cpp -o a.o                                    | -x c++-cpp-output -c a.ii -o a.o                   | a.ii    | a.o",
                "-c a.cpp                                                 | -c a.ii -o a.o                                     | a.ii    | a.o",
                "-S a.c                                                   | -S a.i -o a.s                                      | a.i     | a.s",
                "-gsplit-dwarf -fstack-usage -c a.c -oa.o                 | -gsplit-dwarf -fstack-usage -c a.i -o a.o          | a.i     | a.o",
                "-Wa,--noexecstack -c a.c -o a.o                          | -Wa,--noexecstack -c a.i -o a.o                    | a.i     | a.o",
                "-fdebug-prefix-map=/home/u=/src -g -c a.c -o a.o         | -fdebug-prefix-map=/home/u=/src -g -c a.i -o a.o   | a.i     | a.o",
                "-D X=1 -U Y -iquote inc -I /usr/include -c a.c -o a.o    | -D X=1 -U Y -iquote inc -I /usr/include -c a.i -o a.o | a.i  | a.o",
                "-MD -MP -MT a.o -c a.c -o a.o                            | -MD -MP -MT a.o -c a.i -o a.o                      | a.i     | a.o",
                "--param max-inline-insns-single=100 -c a.c -o a.o        | --param max-inline-insns-single=100 -c a.i -o a.o  | a.i     | a.o",
                "-target x86_64-linux-gnu -c a.c -o a.o                   | -target x86_64-linux-gnu -c a.i -o a.o             | a.i     | a.o",
                "-std=gnu11 -pedantic -Wall -Werror=format -fvisibility=hidden -march=x86-64-v2 -pipe -c a.c -o a.o | -std=gnu11 -pedantic -Wall -Werror=format -fvisibility=hidden -march=x86-64-v2 -pipe -c a.i -o a.o | a.i | a.o",
                "-c a.i -o a.o                                            | -c a.i -o a.o                                      | a.i     | a.o",
                "-c dir/x.mm -o x.o                                       | -c x.mii -o x.o                                    | x.mii   | x.o",
                // distcc 3.4 sends -o as written; only the basename is ever used.
                "-c /src/a.c -o /home/u/build/a.o                         | -c a.i -o a.o                                      | a.i     | a.o",
                "-c a.c -o ../../etc/a.o                                  | -c a.i -o a.o                                      | a.i     | a.o",
                "-c a.c -o/tmp/a.o                                        | -c a.i -o a.o                                      | a.i     | a.o",
            })
    void allowsAndRewritesForTheJobDirectory(String command, String rewritten, String input, String output)
            throws Refusal {
        CompileCommand checked = OptionPolicy.check("gcc", words(command));
        assertEquals(words(rewritten), checked.args());
        assertEquals(input, checked.inputName());
        assertEquals(output, checked.outputName());
    }

    static Stream<DangerousCommands.Case> dangerous() {
        return DangerousCommands.TABLE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dangerous")
    void refusesEveryDangerousCommandNamingTheCulprit(DangerousCommands.Case c) {
        Path scratch = Path.of("/tmp/victim");
        List<String> argv = c.argv(scratch);
        Refusal refusal = assertThrows(Refusal.class, () -> {
            String name = debian.check(argv.getFirst());
            OptionPolicy.check(name, argv.subList(1, argv.size()));
        });
        assertEquals(ExitCode.ACCESS_DENIED, refusal.exitCode());
        String expected = c.named().replace("%S", scratch.toString());
        assertTrue(refusal.getMessage().contains(expected), refusal.getMessage() + " should name " + expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "gcc, gcc",
        "/usr/bin/gcc, gcc",
        "/BIN/gcc, gcc",
        "x86_64-linux-gnu-gcc, x86_64-linux-gnu-gcc",
        "g++-12, g++-12",
    })
    void acceptsDebianWhitelistNames(String requested, String bare) throws Refusal {
        assertEquals(bare, debian.check(requested));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"clang", "GCC", "/usr/local/bin/gcc", "../gcc", "./gcc", "-gcc", "''"})
    void refusesNamesOutsideTheWhitelist(String requested) {
        assertEquals(
                ExitCode.ACCESS_DENIED,
                assertThrows(Refusal.class, () -> debian.check(requested)).exitCode());
    }

    private static List<String> words(String s) {
        return Arrays.asList(s.strip().split("\\s+"));
    }
}
