package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Objects compiled by the real gcc as a pump-mode job compiles them (working directory and include
 * directory under a root standing for the client's {@code /}), then rewritten.
 */
class DebugPathRewriterTest {
    @TempDir
    Path temp;

    Path root;
    Path cwd;

    @BeforeEach
    void writeSources() throws IOException {
        root = Files.createDirectories(temp.resolve("distccd_Ab12Cd"));
        cwd = Files.createDirectories(root.resolve("home/u/proj"));
        Files.createDirectories(cwd.resolve("inc"));
        Files.writeString(cwd.resolve("inc/util.h"), "static inline int twice(int x) { return 2 * x; }\n");
        Files.writeString(cwd.resolve("hello.c"), "#include \"util.h\"\nint hello(int x) { return twice(x) + 1; }\n");
    }

    /** gcc in {@code <root>/home/u/proj}, with {@code -I<root>/home/u/proj/inc} as 3.4's server roots it. */
    private byte[] compile(String... options) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("gcc", "-c", "hello.c", "-o", "hello.o", "-I" + cwd.resolve("inc")));
        command.addAll(List.of(options));
        run(cwd, command);
        return Files.readAllBytes(cwd.resolve("hello.o"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-4 -m32", "-gdwarf-3 -O2"})
    void replacesTheRootWithSlashesInDebugInfoAndDebugStrOnly(String options) throws Exception {
        byte[] before = compile(options.split(" "));
        byte[] after = before.clone();
        int count = DebugPathRewriter.rewrite(after, root.toString());

        assertTrue(count >= 1, "the working directory names the root");
        assertEquals(before.length, after.length);
        byte[] slashes = "/".repeat(root.toString().length()).getBytes(StandardCharsets.US_ASCII);
        List<ElfSections.Range> rewritten = new ArrayList<>();
        for (String name : List.of(".debug_info", ".debug_str")) {
            ElfSections.Range section = ElfSections.find(after, name);
            if (section != null) {
                rewritten.add(section);
                assertFalse(contains(after, section, bytes(root.toString())), name + " still names the root");
            }
        }
        assertTrue(
                rewritten.stream().anyMatch(s -> contains(after, s, concat(slashes, bytes("/home/u/proj")))),
                "DW_AT_comp_dir names the client's directory");
        for (int i = 0; i < before.length; i++) {
            int at = i;
            if (rewritten.stream().noneMatch(s -> at >= s.offset() && at < s.offset() + s.size())) {
                assertEquals(before[i], after[i], "byte " + i + " outside the rewritten sections changed");
            }
        }
        Path object = temp.resolve("rewritten.o");
        Files.write(object, after);
        String dump = run(temp, List.of("readelf", "--debug-dump=info", object.toString()));
        assertTrue(dump.contains(new String(slashes, StandardCharsets.US_ASCII) + "/home/u/proj"), dump);
    }

    /**
     * gcc 12's default: the directories are in {@code .debug_line_str}, which 3.4 does not touch, so
     * its server returns them with its root, and so do we.
     */
    @Test
    void leavesDwarf5sLineStringsAsDistccDoes() throws Exception {
        byte[] object = compile("-g");
        byte[] copy = object.clone();
        assertEquals(0, DebugPathRewriter.rewrite(copy, root.toString()));
        assertArrayEquals(object, copy);
        ElfSections.Range lineStrings = ElfSections.find(object, ".debug_line_str");
        assertNotNull(lineStrings);
        assertTrue(contains(object, lineStrings, bytes(root + "/home/u/proj")));
    }

    @Test
    void anObjectWithoutDebugInformationIsLeftAlone() throws Exception {
        byte[] object = compile("-O2");
        byte[] copy = object.clone();
        assertEquals(0, DebugPathRewriter.rewrite(copy, root.toString()));
        assertArrayEquals(object, copy);
    }

    @Test
    void anythingButALittleEndianElfFileIsLeftAlone() throws Exception {
        byte[] object = compile("-g");
        byte[] bigEndian = object.clone();
        bigEndian[5] = 2; // EI_DATA = ELFDATA2MSB
        byte[] text = bytes("not an object " + root + "/home/u/proj\n");
        for (byte[] input : List.of(bigEndian, text, Arrays.copyOf(object, 40), new byte[0])) {
            byte[] copy = input.clone();
            assertEquals(0, DebugPathRewriter.rewrite(copy, root.toString()));
            assertArrayEquals(input, copy);
        }
    }

    @Test
    void cutObjectsAndWildSectionTablesNeverThrow() throws Exception {
        byte[] object = compile("-g");
        for (int length = 0; length < object.length; length += 7) {
            DebugPathRewriter.rewrite(Arrays.copyOf(object, length), root.toString());
        }
        var random = new java.util.Random(20261207);
        for (int i = 0; i < 2000; i++) {
            byte[] copy = object.clone();
            // Corrupt the ELF header's and the section table's numbers.
            copy[0x28 + random.nextInt(0x18)] = (byte) random.nextInt(256);
            DebugPathRewriter.rewrite(copy, root.toString());
        }
    }

    @Test
    void rewritesTheFileInPlace() throws Exception {
        compile("-gdwarf-4");
        Path object = cwd.resolve("hello.o");
        assertTrue(DebugPathRewriter.rewrite(object, root.toString()) >= 1);
        byte[] rewritten = Files.readAllBytes(object);
        assertFalse(contains(rewritten, ElfSections.find(rewritten, ".debug_str"), bytes(root.toString())));
    }

    static String run(Path dir, List<String> command) throws IOException {
        Outcome outcome = CommandRunner.in(dir).run(command);
        if (outcome.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + outcome);
        }
        return outcome.stdout() + outcome.stderr();
    }

    private static boolean contains(byte[] data, ElfSections.Range range, byte[] needle) {
        for (int i = range.offset(); i + needle.length <= range.offset() + range.size(); i++) {
            if (Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
