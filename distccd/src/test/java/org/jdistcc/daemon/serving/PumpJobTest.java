package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.compilers.CompilerIdentities;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.net.SocketConnection;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.ServerInfo;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocol 3 through the whole {@link CompileJob} chain, in-process on loopback, with the real gcc:
 * the entries are what distcc's include server sends (every file, and links that climb out of the
 * server's root to the compiler's default include directories).
 */
class PumpJobTest {
    private static final String UP = "../".repeat(30);

    @TempDir
    Path temp;

    Path project;
    Path jobs;

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
        Files.writeString(project.resolve("inc/bad.h"), "int bad = undefined_in_header;\n");
        Files.writeString(
                project.resolve("src/broken.c"),
                "#include \"a.h\"\n#include \"bad.h\"\nint f(void) { return missing + A; }\n");
        jobs = Files.createDirectories(temp.resolve("jobs"));
    }

    private ServingConfig config() {
        var locator = new CompilerLocator("/usr/bin:/bin", temp.resolve("none"));
        return new ServingConfig(
                Limits.DEFAULT,
                Duration.ofSeconds(60),
                Duration.ofSeconds(120),
                new CompilerWhitelist(temp.resolve("none"), Set.of("gcc"), false),
                locator,
                new CompilerRunner(locator.searchPath()),
                new Semaphore(1),
                new JobDirs(jobs),
                1 << 20,
                new DefaultSearchPaths(),
                FileCache.disabled(),
                new DaemonStats(new ServerInfo("test", "127.0.0.1", 0, 1, List.of("none"), List.of(), jobs)),
                new CompilerIdentities(
                        new CompilerWhitelist(temp.resolve("none"), Set.of("gcc"), false), locator, System.getenv()),
                null);
    }

    private List<PumpEntry> entries(String... sources) {
        List<PumpEntry> entries = new ArrayList<>();
        for (String source : sources) {
            Path file = project.resolve(source);
            entries.add(new PumpEntry.File(file.toString(), new Payload.InFile(file)));
        }
        for (String system : systemDirectories()) {
            entries.add(new PumpEntry.Link(system, UP + system.substring(1)));
        }
        return entries;
    }

    /** gcc's default include directories but those under another: the links the include server makes. */
    private static List<String> systemDirectories() {
        try {
            List<String> all = new DefaultSearchPaths()
                    .of(Path.of("/usr/bin/gcc"), List.of("-x", "c")).directories().stream()
                            .map(d -> Path.of(d).normalize().toString())
                            .toList();
            return all.stream()
                    .filter(d -> all.stream().noneMatch(other -> d.startsWith(other + "/")))
                    .toList();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a pump request to a job served on a virtual thread; reads its reply (null: closed without one). */
    private Reply send(List<String> argv, List<PumpEntry> entries) throws Exception {
        Thread job;
        Reply reply;
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            Socket accepted = server.accept();
            ServingConfig config = config();
            job = Thread.ofVirtual().start(() -> {
                try (var connection = new SocketConnection(accepted)) {
                    CompileJob.serve(config, connection, 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            client.setSoTimeout(60_000);
            var out = new BufferedOutputStream(client.getOutputStream());
            MessageWriter.writeRequest(out, new Request(ProtocolVersion.PUMP, project.toString(), argv));
            MessageWriter.writePumpEntries(out, Compression.LZO, entries);
            out.flush();
            try {
                reply = new MessageReader(client.getInputStream(), Limits.DEFAULT)
                        .readReply(ProtocolVersion.PUMP, temp.resolve("reply.o"), temp);
            } catch (ProtocolException e) {
                assertEquals(ProtocolException.Kind.TRUNCATED, e.kind(), e.getMessage());
                reply = null;
            }
        }
        job.join(Duration.ofSeconds(30));
        try (var left = Files.list(jobs)) {
            assertEquals(List.of(), left.toList(), "the job directory and the root are gone");
        }
        return reply;
    }

    private String runLocally(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gcc"));
        command.addAll(List.of(args));
        return DebugPathRewriterTest.run(project, command);
    }

    @Test
    void theObjectAndTheDependenciesAreThoseOfALocalCompile() throws Exception {
        Reply reply = send(
                List.of("gcc", "-MD", "-Iinc", "-c", "src/hello.c", "-o", "hello.o", "-MT", "hello.o"),
                entries("src/hello.c", "inc/a.h", "inc/sub/b.h"));
        assertEquals(0, reply.waitStatus(), text(reply.stderr()));
        runLocally("-MD", "-MF", "local.d", "-Iinc", "-c", "src/hello.c", "-o", "hello.o");
        assertArrayEquals(Files.readAllBytes(project.resolve("hello.o")), Files.readAllBytes(temp.resolve("reply.o")));
        // gcc breaks the lines of a .d by their length, and the server's object name is 3.4's length.
        assertEquals(unwrapped(Files.readString(project.resolve("local.d"))), unwrapped(text(reply.deps())));
    }

    @Test
    void absoluteIncludeDirectoriesAndSourcesAreReadFromTheTree() throws Exception {
        Reply reply = send(
                List.of(
                        "gcc",
                        "-I" + project.resolve("inc"),
                        "-c",
                        project.resolve("src/hello.c").toString(),
                        "-o",
                        "out/h.o"),
                entries("src/hello.c", "inc/a.h", "inc/sub/b.h"));
        assertEquals(0, reply.waitStatus(), text(reply.stderr()));
        assertEquals(
                "out/h.o: " + project.resolve("src/hello.c") + " " + project.resolve("inc/a.h") + " "
                        + project.resolve("inc/sub/b.h") + "\n",
                unwrapped(text(reply.deps())),
                "-MMD is added, and the .d names the client's paths");
    }

    @Test
    void aFailedCompileNamesTheClientsPathsAndHasNoDependencies() throws Exception {
        Reply reply = send(
                List.of("gcc", "-I" + project.resolve("inc"), "-c", "src/broken.c", "-o", "broken.o"),
                entries("src/broken.c", "inc/a.h", "inc/sub/b.h", "inc/bad.h"));
        assertEquals(1, reply.exitStatus());
        assertNull(reply.deps());
        String stderr = text(reply.stderr());
        assertTrue(stderr.contains("src/broken.c:3:"), stderr);
        assertTrue(stderr.contains(project.resolve("inc/bad.h") + ":1:"), "a header as the client names it: " + stderr);
        assertFalse(stderr.contains("distccd_"), "the root is cut out of diagnostics: " + stderr);
    }

    @Test
    void aRefusedOptionIsAnsweredAfterTheEntriesAreRead() throws Exception {
        Reply reply = send(
                List.of("gcc", "-fplugin=/tmp/evil.so", "-c", "src/hello.c", "-o", "hello.o"),
                entries("src/hello.c", "inc/a.h", "inc/sub/b.h"));
        assertEquals(113, reply.exitStatus());
        assertTrue(
                text(reply.stderr()).contains("option '-fplugin=/tmp/evil.so' is not allowed"), text(reply.stderr()));
    }

    @Test
    void aLinkLeavingTheRootIsRefusedWithItsName() throws Exception {
        List<PumpEntry> entries = new ArrayList<>(entries("src/hello.c", "inc/a.h", "inc/sub/b.h"));
        entries.add(new PumpEntry.Link(project + "/inc/etc", UP + "etc"));
        Reply reply = send(List.of("gcc", "-Iinc", "-c", "src/hello.c", "-o", "hello.o"), entries);
        assertEquals(113, reply.exitStatus());
        assertTrue(text(reply.stderr()).contains("leaves the job's root"), text(reply.stderr()));
    }

    @Test
    void aMalformedTreeClosesWithoutAReply() throws Exception {
        List<PumpEntry> entries = List.of(new PumpEntry.File("relative/name.h", Payload.EMPTY));
        assertNull(send(List.of("gcc", "-c", "src/hello.c", "-o", "hello.o"), entries));
    }

    private static String unwrapped(String dotd) {
        return dotd.replace("\\\n", "").replaceAll(" +", " ");
    }

    private static String text(Payload payload) {
        return new String(((Payload.Bytes) payload).content(), StandardCharsets.UTF_8);
    }
}
