package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code .d} file of a compile under a job's root, with the root cut, against the one gcc writes
 * for the same compile at the client's paths: real gcc both times, names long enough to be broken
 * across lines differently.
 */
class DependencyFileTest {
    @TempDir
    Path dir;

    /** A project at {@code base}: a source and headers whose names pass gcc's 72 columns. */
    private static Path project(Path base) throws IOException {
        Path include = Files.createDirectories(base.resolve("include/a-rather-long-directory-name/nested"));
        Path src = Files.createDirectories(base.resolve("src"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = "header_with_a_long_name_number_" + i + ".h";
            Files.writeString(include.resolve(name), "#define H" + i + " " + i + "\n");
            lines.add("#include \"a-rather-long-directory-name/nested/" + name + "\"");
        }
        lines.add("#include <stdio.h>");
        lines.add("int main(void) { return H0 + H5; }");
        Files.write(src.resolve("main.c"), lines);
        return base;
    }

    private static byte[] gccDeps(Path cwd, Path projectDir, String... flags) throws IOException {
        List<String> command = new ArrayList<>(List.of("gcc", "-c", "-MD"));
        command.addAll(List.of(flags));
        command.addAll(List.of(
                "-I" + projectDir.resolve("include"),
                projectDir.resolve("src/main.c").toString(),
                "-o",
                "out.o"));
        Outcome gcc = CommandRunner.in(cwd).run(command);
        assertEquals(0, gcc.exitCode(), gcc::toString);
        return Files.readAllBytes(cwd.resolve("out.d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-MP"})
    void withTheRootCutItIsTheFileGccWritesAtTheClientsPaths(String flag) throws IOException {
        String[] flags = flag.isEmpty() ? new String[0] : new String[] {flag};
        Path client = project(dir.resolve("client/p"));
        byte[] local = gccDeps(client, client, flags);
        Path root = dir.resolve("jdistccd-job-with-a-long-name-0123456789/root");
        Path remote = project(Path.of(root + client.toString()));
        byte[] written = gccDeps(remote, remote, flags);

        byte[] cut = DependencyFile.withoutRoot(written, root.toString());

        assertEquals(text(local), text(cut));
        assertArrayEquals(local, cut);
    }

    @Test
    void aLayoutThatIsNotGccsIsNotGuessedAt() {
        byte[] doubled = "out.o:  a.c \\\n b.h\n".getBytes(StandardCharsets.ISO_8859_1);
        assertNull(DependencyFile.withoutRoot(doubled, "/job/root"));
        byte[] unbroken =
                ("out.o: /job/root/" + "x".repeat(100) + ".h /job/root/y.h\n").getBytes(StandardCharsets.ISO_8859_1);
        assertNull(DependencyFile.withoutRoot(unbroken, "/job/root"), "gcc would have broken that line");
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
