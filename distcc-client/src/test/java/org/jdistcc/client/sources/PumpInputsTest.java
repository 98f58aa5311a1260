package org.jdistcc.client.sources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.includes.Result;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.PumpEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PumpInputsTest {
    @TempDir
    Path dir;

    /** As in the request distcc 3.4's client sent (protocol/src/test/resources/captures/pump-hello.request). */
    @Test
    void aDefaultDirectoryIsALinkThatClimbsOutOfAnyServerRoot() {
        assertEquals("../".repeat(22) + "usr/include", PumpInputs.climbingLink("/usr/include"));
        assertEquals(
                "../".repeat(26) + "usr/lib/gcc/x86_64-linux-gnu/12/include",
                PumpInputs.climbingLink("/usr/lib/gcc/x86_64-linux-gnu/12/include"));
    }

    @Test
    void aDefaultDirectoryInsideAnotherNeedsNoLinkOfItsOwn() {
        assertEquals(
                List.of("/usr/lib/gcc/x86_64-linux-gnu/12/include", "/usr/local/include", "/usr/include"),
                PumpInputs.outermost(List.of(
                        "/usr/lib/gcc/x86_64-linux-gnu/12/include",
                        "/usr/local/include",
                        "/usr/include/x86_64-linux-gnu",
                        "/usr/include")));
    }

    @Test
    void systemHeadersStayOnTheVolunteerAndTheRestIsListedAsTheIncludeServerListsIt() throws Exception {
        Path source = write("src/x.c", "#include \"a.h\"\n");
        Path header = write("inc/a.h", "#define A 1\n");
        var inputs = new Result.Inputs(
                List.of(file(source, false), file(header, false), file(Path.of("/usr/include/stdio.h"), true)),
                List.of(
                        new Result.InputLink(dir + "/src/alias.h", header.toString(), false),
                        new Result.InputLink("/usr/include/asm", "/usr/include/x86_64-linux-gnu/asm", true)),
                List.of(
                        new Result.InputDirectory(dir + "/empty", false),
                        new Result.InputDirectory("/usr/local", false),
                        new Result.InputDirectory("/usr/include/x", true)),
                List.of("/usr/local/include", "/usr/include/x86_64-linux-gnu", "/usr/include"));

        List<PumpInputs.Item> items = PumpInputs.of(inputs);

        assertEquals(
                List.of(
                        "FILE " + source,
                        "FILE " + header,
                        "SYSTEMDIR /usr/local/include",
                        "SYSTEMDIR /usr/include",
                        "SYMLINK " + dir + "/src/alias.h",
                        "DIRECTORY " + dir + "/empty"),
                items.stream().map(i -> i.kind() + " " + i.path()).toList());
        List<PumpEntry> entries = PumpInputs.entries(items, IncludeAnalysis.create());
        assertArrayEquals(
                "#include \"a.h\"\n".getBytes(StandardCharsets.UTF_8),
                ((Payload.Bytes) ((PumpEntry.File) entries.get(0)).content()).content());
        assertEquals(new PumpEntry.Link("/usr/include", "../".repeat(22) + "usr/include"), entries.get(3));
        assertEquals(new PumpEntry.Link(dir + "/src/alias.h", header.toString()), entries.get(4));
        assertEquals(dir + "/empty/forcing_technique_271828", entries.get(5).name());
        assertEquals(0, ((Payload.Bytes) ((PumpEntry.File) entries.get(5)).content()).content().length);
    }

    @Test
    void aFileChangedSinceTheAnalysisIsNotSent() throws Exception {
        Path header = write("a.h", "#define A 1\n");
        var item = new PumpInputs.File(
                header.toString(), PumpInputs.sha256("#define A 1\n".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(header, "#define A 2\n");

        assertThrows(PumpInputs.Changed.class, () -> PumpInputs.entries(List.of(item), IncludeAnalysis.create()));
    }

    private Path write(String name, String text) throws Exception {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text);
    }

    private static Result.InputFile file(Path path, boolean system) throws Exception {
        String sha = system ? "0".repeat(64) : PumpInputs.sha256(Files.readAllBytes(path));
        return new Result.InputFile(path.toString(), sha, 0, FileTime.fromMillis(0), system);
    }
}
