package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.net.StreamConnection;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.Manifest;
import org.jdistcc.protocol.Message;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.Need;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.SideFile;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real gcc the way the daemon does, on files received through real protocol bytes, and
 * compares every output with a local compile of the same command in the same directory.
 */
class SourceDialectTest {
    static final ProtocolVersion SOURCES = SourceRequests.SOURCES;
    private static final DefaultSearchPaths SEARCH_PATHS = new DefaultSearchPaths();

    @TempDir
    Path temp;

    Path project;

    @BeforeEach
    void writeProject() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is installed");
        project = Files.createDirectories(temp.resolve("client/proj"));
        Files.createDirectories(project.resolve("inc"));
        Files.createDirectories(project.resolve("out"));
        Files.writeString(project.resolve("inc/util.h"), """
                #ifndef UTIL_H
                #define UTIL_H
                #include <stddef.h>
                #define SQUARE(x) ((x) * (x))
                #define DECLARE_UNUSED(v) do { int unused_##v = 0; } while (0)
                static inline int twice(int a) { return a + a; }
                #endif
                """);
        Files.writeString(project.resolve("foo.c"), """
                #include <stdio.h>
                #include <limits.h>
                #include "util.h"
                int compute(int n) {
                    int arr[16];
                    for (int i = 0; i < 16; i++) arr[i] = SQUARE(i + n);
                    DECLARE_UNUSED(z);
                    return arr[n & 15] + twice(n) + INT_MAX / 2;
                }
                int main(int argc, char **argv) {
                    printf("%s %d %s\\n", __FILE__, compute(argc), argv[0]);
                    return 0;
                }
                """);
        Files.writeString(project.resolve("bar.cpp"), """
                #include <iostream>
                #include <vector>
                #include "util.h"
                template <typename T> T add(T a, T b) { return a + b; }
                int main() {
                    std::vector<int> v{1, 2};
                    int unused = SQUARE(3);
                    std::cout << add(1, 2) << v.size() << __FILE__ << std::endl;
                }
                """);
        Files.writeString(project.resolve("bad.c"), """
                #include <string.h>
                int main(void) { return strlen(42); }
                """);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "gcc -g3 -O2 -Wall -Iinc -c foo.c -o out/foo.o",
                "gcc -g -gsplit-dwarf -fstack-usage -Wall -Iinc -c PROJECT/foo.c -o out/foo.o",
                "g++ -g -O2 -Wall -fstack-usage -IPROJECT/inc -c PROJECT/bar.cpp -o PROJECT/out/bar.o",
                "gcc -g -Wall -fdiagnostics-color=always -Iinc -c foo.c",
                "gcc -g -c bad.c -o out/bad.o",
                "gcc -g -MD -Iinc -c foo.c -o out/foo.o",
                "gcc -MMD -MP -MF PROJECT/out/deps.d -MT custom -IPROJECT/inc -c PROJECT/foo.c -o PROJECT/out/foo.o",
                "g++ -O2 -Wp,-MD,out/wp.d -Iinc -c bar.cpp -o out/bar.o",
            })
    void givesWhatALocalCompileGives(String line) throws Exception {
        List<String> argv = new ArrayList<>(
                List.of(line.replace("PROJECT", project.toString()).split(" ")));
        Compile local = compileLocally(argv);
        Compile remote = compileAsVolunteer(argv);
        assertEquals(local.status(), remote.status(), "exit status");
        assertEquals(
                new String(local.stderr(), StandardCharsets.UTF_8),
                new String(remote.stderr(), StandardCharsets.UTF_8));
        assertArrayEquals(local.stderr(), remote.stderr());
        assertEquals(local.files().keySet(), remote.files().keySet(), "files written");
        for (var file : local.files().entrySet()) {
            assertArrayEquals(file.getValue(), remote.files().get(file.getKey()), file.getKey());
        }
    }

    @Test
    void probesTheDefaultSearchPathAndPreinclude() throws IOException, InterruptedException {
        var c = SEARCH_PATHS.of(Path.of("/usr/bin/gcc"), List.of("-x", "c"));
        assertTrue(c.directories().contains("/usr/include"), c.toString());
        assertEquals("stdc-predef.h", c.preinclude());
        var cxx = SEARCH_PATHS.of(Path.of("/usr/bin/gcc"), List.of("-x", "c++"));
        assertTrue(cxx.directories().size() > c.directories().size(), cxx.toString());
        var bare = SEARCH_PATHS.of(Path.of("/usr/bin/gcc"), List.of("-x", "c", "-nostdinc"));
        assertEquals(List.of(), bare.directories());
        assertEquals(null, bare.preinclude());
    }

    /** What a compile left; compared field by field with assertArrayEquals, never with equals. */
    @SuppressWarnings("ArrayRecordComponent")
    record Compile(int status, byte[] stderr, Map<String, byte[]> files) {}

    /** The files a compile leaves in the project, by relative name, and the project cleaned of them. */
    private Map<String, byte[]> collectOutputs(List<Path> before) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var walk = Files.walk(project)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!before.contains(p)) {
                    files.put(project.relativize(p).toString(), Files.readAllBytes(p));
                    Files.delete(p);
                }
            }
        }
        return files;
    }

    private List<Path> projectFiles() throws IOException {
        try (var walk = Files.walk(project)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private Compile compileLocally(List<String> argv) throws IOException, InterruptedException {
        List<Path> before = projectFiles();
        Path stderr = temp.resolve("local.stderr");
        var builder = new ProcessBuilder(argv).directory(project.toFile()).redirectError(stderr.toFile());
        builder.environment().put("PWD", project.toString());
        // Its own process rather than CommandRunner: stderr is compared byte for byte, not as text.
        Process gcc = builder.start();
        if (!gcc.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
            gcc.destroyForcibly();
            throw new AssertionError("gcc took more than 2 minutes: " + argv);
        }
        return new Compile(gcc.exitValue(), Files.readAllBytes(stderr), collectOutputs(before));
    }

    private Compile compileAsVolunteer(List<String> argv) throws Exception {
        List<Path> before = projectFiles();
        var bytes = new ByteArrayOutputStream();
        var receiver = new JobReceiver(
                new StreamConnection(new ByteArrayInputStream(request(argv, inputs(argv))), bytes, "test"),
                Limits.DEFAULT);
        long receivedBytes = SourceJob.serve(
                receiver.receiveHead(),
                receiver,
                Path.of("/usr/bin/" + argv.getFirst()),
                new JobDirs(Files.createDirectories(temp.resolve("jobs"))),
                FileCache.disabled(),
                bytes,
                () -> {});
        assertTrue(receivedBytes > 0, "files received");
        // Back through the wire, as the client reads it.
        var reader = new MessageReader(new ByteArrayInputStream(bytes.toByteArray()), Limits.DEFAULT);
        Path received = Files.createTempDirectory(temp, "reply");
        Path object = received.resolve("object");
        Message need = reader.readNeedOrReply(SOURCES, Integer.MAX_VALUE, object, received);
        assertTrue(need instanceof Need, "the volunteer asks for the files its empty cache lacks");
        Reply reply = reader.readReply(SOURCES, object, received);
        if (reply.succeeded()) {
            CompilerCommand command = CompilerCommand.parse(argv);
            Path target = project.resolve(command.output().orElseThrow());
            Files.copy(object, target);
            var dependencies = command.dependencyFile(Map.of());
            if (dependencies.isPresent()) {
                Files.write(project.resolve(dependencies.get()), ((Payload.Bytes) reply.deps()).content());
            }
            for (SideFile side : reply.sideFiles()) {
                Files.copy(((Payload.InFile) side.content()).path(), target.resolveSibling(side.name()));
            }
        }
        return new Compile(reply.exitStatus(), ((Payload.Bytes) reply.stderr()).content(), collectOutputs(before));
    }

    /** What the client would send: every file the preprocessor reads, by absolute path ({@code gcc -M}). */
    private List<String> inputs(List<String> argv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            if (List.of("-o", "-MF", "-MT", "-MQ").contains(word)) {
                i++;
            } else if (!List.of("-c", "-MD", "-MMD", "-MP").contains(word) && !word.startsWith("-Wp,")) {
                command.add(word);
            }
        }
        Path deps = temp.resolve("inputs.d");
        command.addAll(List.of("-M", "-MF", deps.toString()));
        Outcome gccM = CommandRunner.in(project).run(command);
        assertEquals(0, gccM.exitCode(), () -> "gcc -M " + command + "\n" + gccM);
        String text = Files.readString(deps).replace("\\\n", " ");
        List<String> names = new ArrayList<>();
        for (String word : text.substring(text.indexOf(':') + 1).trim().split("\\s+", -1)) {
            names.add(project.resolve(word).normalize().toString());
        }
        return names;
    }

    /** The bytes a client sends: the head, the environment, every file the preprocessor reads. */
    private byte[] request(List<String> argv, List<String> names) throws IOException {
        var head = new Request(SOURCES, project.toString(), argv);
        List<String> environment = new ArrayList<>();
        for (String name : List.of("LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES")) {
            String value = System.getenv(name);
            if (value != null) {
                environment.add(name + "=" + value);
            }
        }
        List<Manifest.Entry> entries = new ArrayList<>();
        for (String name : names) {
            entries.add(SourceRequests.file(Path.of(name)));
        }
        entries.add(new Manifest.Directory(project.resolve("out").toString()));
        return SourceRequests.lackingAll(head, environment, entries);
    }
}
