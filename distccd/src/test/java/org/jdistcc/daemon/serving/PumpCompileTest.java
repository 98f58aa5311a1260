package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.PumpCommand;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real gcc on a tree received through real protocol bytes, against gcc run locally on the same
 * files: the entries are what distcc's include server sends (the files, the links to the compiler's
 * default directories).
 */
class PumpCompileTest {
    private static final Path GCC = Path.of("/usr/bin/gcc");

    @TempDir
    Path temp;

    Path project;
    JobDirs jobDirs;
    PumpCompile pump;

    @BeforeEach
    void writeProject() throws IOException {
        project = Files.createDirectories(temp.resolve("client/proj"));
        Files.createDirectories(project.resolve("inc/sub"));
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("inc/a.h"), "#include \"sub/b.h\"\n#define A (B + 1)\n");
        Files.writeString(project.resolve("inc/sub/b.h"), "#include <stdio.h>\n#define B 41\n");
        Files.writeString(
                project.resolve("src/hello.c"),
                "#include \"a.h\"\nint main(void) { printf(\"%d\\n\", A); return 0; }\n");
        Files.writeString(project.resolve("src/broken.c"), "#include \"a.h\"\nint f(void) { return missing + A; }\n");
        jobDirs = new JobDirs(Files.createDirectories(temp.resolve("tmp")));
        pump = new PumpCompile(
                new DefaultSearchPaths(), new CompilerRunner(List.of(Path.of("/usr/bin"), Path.of("/bin"))), 1 << 20);
    }

    /** What the include server sends for these sources: every file, and the default directories' links. */
    private List<PumpEntry> entries(Set<String> systemDirectories, String... sources) {
        List<PumpEntry> entries = new ArrayList<>();
        for (String source : sources) {
            entries.add(new PumpEntry.File(
                    project.resolve(source).toString(), new Payload.InFile(project.resolve(source))));
        }
        for (String directory : systemDirectories) {
            entries.add(new PumpEntry.Link(directory, "../".repeat(30) + directory.substring(1)));
        }
        return entries;
    }

    /** Sends the entries through the wire format, receives them, compiles; {@code dotd} gets the DOTD. */
    private Reply compileRemotely(List<String> args, String... sources) throws Exception {
        PumpCommand command = PumpCommand.check("gcc", args);
        Set<String> system = pump.systemDirectories(GCC, command);
        var wire = new ByteArrayOutputStream();
        MessageWriter.writePumpEntries(wire, Compression.LZO, entries(system, sources));
        try (PumpRoot root = PumpRoot.create(jobDirs.base(), new Random(7));
                JobDir dir = jobDirs.create()) {
            Path cwd = PumpTree.receive(
                            new MessageReader(new ByteArrayInputStream(wire.toByteArray()), Limits.DEFAULT),
                            Compression.LZO,
                            root.path(),
                            project.toString(),
                            1 << 24,
                            system)
                    .cwd();
            Reply reply = pump.compile(command, GCC, root, cwd, dir, Duration.ofMinutes(2));
            // The reply's files live in the job: copy them out before it goes.
            Path object = temp.resolve("remote.o");
            Files.deleteIfExists(object);
            if (reply.object() instanceof Payload.InFile(Path file)) {
                Files.copy(file, object);
            }
            return new Reply(
                    reply.version(),
                    reply.waitStatus(),
                    reply.stderr(),
                    reply.stdout(),
                    new Payload.InFile(object),
                    reply.deps(),
                    List.of());
        }
    }

    private String runLocally(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gcc"));
        command.addAll(args);
        return DebugPathRewriterTest.run(project, command);
    }

    @Test
    void theObjectAndTheDependenciesAreThoseOfALocalCompile() throws Exception {
        Reply reply = compileRemotely(
                List.of("-MD", "-Iinc", "-c", "src/hello.c", "-o", "hello.o", "-MT", "hello.o"),
                "src/hello.c",
                "inc/a.h",
                "inc/sub/b.h");
        assertEquals(0, reply.waitStatus(), text(reply.stderr()));
        runLocally(List.of("-MD", "-MF", "local.d", "-Iinc", "-c", "src/hello.c", "-o", "hello.o"));
        assertArrayEquals(Files.readAllBytes(project.resolve("hello.o")), bytes(reply.object()));
        // gcc breaks the lines of a .d by their length, and the server's object name is 3.4's length.
        assertEquals(unwrapped(Files.readString(project.resolve("local.d"))), unwrapped(text(reply.deps())));
    }

    @Test
    void absoluteIncludeDirectoriesAndSourcesAreReadFromTheTree() throws Exception {
        Reply reply = compileRemotely(
                List.of(
                        "-I" + project.resolve("inc"),
                        "-c",
                        project.resolve("src/hello.c").toString(),
                        "-o",
                        "out/h.o"),
                "src/hello.c",
                "inc/a.h",
                "inc/sub/b.h");
        assertEquals(0, reply.waitStatus(), text(reply.stderr()));
        String deps = unwrapped(text(reply.deps()));
        assertEquals(
                "out/h.o: " + project.resolve("src/hello.c") + " " + project.resolve("inc/a.h") + " "
                        + project.resolve("inc/sub/b.h") + "\n",
                deps,
                "-MMD is added, and the .d names the client's paths");
    }

    @Test
    void aFailedCompileNamesTheClientsPathsAndHasNoObject() throws Exception {
        Reply reply = compileRemotely(
                List.of("-I" + project.resolve("inc"), "-c", "src/broken.c", "-o", "broken.o"),
                "src/broken.c",
                "inc/a.h",
                "inc/sub/b.h");
        assertEquals(1, reply.exitStatus());
        assertNull(reply.deps());
        String stderr = text(reply.stderr());
        assertTrue(stderr.contains("src/broken.c:2:"), stderr);
        assertTrue(stderr.contains("‘missing’ undeclared"), stderr);
        assertFalse(stderr.contains("distccd_"), "the root is cut out of diagnostics: " + stderr);
    }

    @Test
    void aHeaderTheRequestLacksIsNotFoundOnThisMachine() throws Exception {
        Reply reply = compileRemotely(List.of("-Iinc", "-c", "src/hello.c", "-o", "hello.o"), "src/hello.c");
        assertEquals(1, reply.exitStatus());
        assertTrue(text(reply.stderr()).contains("a.h: No such file or directory"), text(reply.stderr()));
    }

    private static String unwrapped(String dotd) {
        return dotd.replace("\\\n", "").replaceAll(" +", " ");
    }

    private static String text(Payload payload) throws IOException {
        return new String(bytes(payload), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Payload payload) throws IOException {
        return switch (payload) {
            case Payload.Bytes(byte[] content) -> content;
            case Payload.InFile(Path file) -> Files.readAllBytes(file);
        };
    }
}
