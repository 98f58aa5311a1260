package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdistcc.daemon.fidelity.DebianDistccd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * distcc 3.4's own pump client ({@link DistccPumpBuild}: {@code pump make}, its include server
 * choosing the files) through our daemon: objects identical to a local build without {@code -g};
 * with {@code -g}, identical to what the same client gets from Debian's distccd 3.4 (but for the
 * six random characters of the server's temporary root, which 3.4 leaves in DWARF 5's line tables
 * and which differ between two of its own runs too).
 */
@WithDaemon
class PumpInteropTest {
    /** Headers in three directories, found by quotes, angles, -I relative and absolute, -include, a link. */
    private static final Map<String, String> PROJECT = Map.of(
            "inc/config.h", "#define GREETING \"hello\"\n",
            "inc/a.h", "#include \"sub/b.h\"\n#include <lib/c.h>\n#define A (B + C)\n",
            "inc/sub/b.h", "#define B 1\n",
            "third/lib/c.h", "#define C 2\n",
            "src/main.c",
                    "#include <stdio.h>\n#include \"a.h\"\n#include \"alias.h\"\n"
                            + "int main(void) { printf(\"%s %d\\n\", GREETING, A); return 0; }\n",
            "src/util.c", "#include \"a.h\"\nint util(int x) { return x * A; }\n",
            "src/deep/more.c", "#include \"../alias.h\"\n#include <lib/c.h>\nint more(void) { return B + C; }\n",
            "Makefile", """
                    CFLAGS = $(EXTRA) -O2 -Iinc -I$(CURDIR)/third -include inc/config.h
                    OBJECTS = out/main.o out/util.o out/more.o
                    all: $(OBJECTS)
                    out/%.o: src/%.c
                    \t$(CC) $(CFLAGS) -MD -c $< -o $@
                    out/more.o: src/deep/more.c
                    \t$(CC) $(CFLAGS) -MD -c $< -o $@
                    clean:
                    \trm -f out/*
                    """);

    private static final List<String> OBJECTS = List.of("out/main.o", "out/util.o", "out/more.o");

    @TempDir
    static Path work;

    static Path pump;

    @BeforeAll
    static void buildThePumpClient() throws Exception {
        pump = DistccPumpBuild.directory();
    }

    static Path writeProject(String name) throws IOException {
        Path dir = work.resolve(name);
        for (var file : PROJECT.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(dir.resolve("src/alias.h"), Path.of("../inc/sub/b.h"));
        return dir;
    }

    /** {@code pump make} with distcc's own client and include server, against one host in pump mode. */
    static Result pumpMake(Path dir, int port, String... makeArgs) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", pump + ":" + System.getenv("PATH"));
        env.put("DISTCC_HOSTS", "127.0.0.1:" + port + "/2,cpp,lzo");
        env.put(
                "DISTCC_DIR",
                Files.createDirectories(work.resolve("distcc-dir")).toString());
        // Fail rather than quietly preprocess here or compile here.
        env.put("DISTCC_TESTING_INCLUDE_SERVER", "1");
        env.put("DISTCC_FALLBACK", "0");
        env.put("DISTCC_SKIP_LOCAL_RETRY", "1");
        List<String> command =
                new java.util.ArrayList<>(List.of(pump.resolve("pump").toString(), "make", "CC=distcc gcc"));
        command.addAll(List.of(makeArgs));
        return run(command, dir, env);
    }

    @Test
    void aProjectWithHeadersInSeveralDirectoriesBuildsAsLocally(RunningDaemon daemon) throws Exception {
        Path local = writeProject("local");
        assertEquals(0, run(List.of("make", "CC=gcc"), local, Map.of()).status);
        Path remote = writeProject("remote");
        long before = pumpJobs(daemon);

        Result build = pumpMake(remote, daemon.port());

        assertEquals(0, build.status, build.output);
        assertTrue(build.output.contains("Using 1 distcc server in pump mode"), build.output);
        for (String object : OBJECTS) {
            assertArrayEquals(
                    Files.readAllBytes(local.resolve(object)), Files.readAllBytes(remote.resolve(object)), object);
            String deps = object.replace(".o", ".d");
            // gcc breaks .d lines by length, and on the server the object has 3.4's temporary name.
            assertEquals(unwrapped(local.resolve(deps)), unwrapped(remote.resolve(deps)), deps);
        }
        daemon.awaitLog(l -> pumpJobs(daemon) - before >= OBJECTS.size(), Duration.ofSeconds(5));
    }

    @Test
    void withDebugInformationTheObjectsAreThoseDebiansDistccdGives(RunningDaemon daemon) throws Exception {
        Path dir = writeProject("debug");
        // The same $TMPDIR for both daemons: the root's name, and its length, are in the objects.
        try (var debian = DebianDistccd.start(work, daemon.tmpDir())) {
            Result theirs = pumpMake(dir, debian.port(), "EXTRA=-g");
            assertEquals(0, theirs.status, theirs.output + debian.log());
            Map<String, byte[]> reference = new HashMap<>();
            for (String file : List.of("out/main.o", "out/util.o", "out/more.o", "out/main.d", "out/more.d")) {
                reference.put(file, Files.readAllBytes(dir.resolve(file)));
            }
            assertEquals(0, run(List.of("make", "clean"), dir, Map.of()).status);

            Result ours = pumpMake(dir, daemon.port(), "EXTRA=-g");
            assertEquals(0, ours.status, ours.output);
            String root = daemon.tmpDir() + "/distccd_";
            for (var file : reference.entrySet()) {
                byte[] mine = Files.readAllBytes(dir.resolve(file.getKey()));
                assertArrayEquals(maskRoots(file.getValue(), root), maskRoots(mine, root), file.getKey());
            }
        }
    }

    @Test
    void zlibBuildsThroughPumpModeAsLocally(RunningDaemon daemon) throws Exception {
        Path script = Path.of("..", "scripts", "fetch-zlib.sh").toAbsolutePath().normalize();
        Result fetch =
                run(List.of("bash", script.toString(), work.resolve("zlib-src").toString()), work, Map.of());
        assertEquals(0, fetch.status, fetch.output);
        Path zlib = Path.of(fetch.output.strip().lines().reduce((a, b) -> b).orElseThrow());
        Path local = copyTree(zlib, work.resolve("zlib-local"));
        assertEquals(0, run(List.of("sh", "-c", "./configure && make -j4"), local, Map.of()).status);
        Path remote = copyTree(zlib, work.resolve("zlib-pump"));
        assertEquals(0, run(List.of("./configure"), remote, Map.of()).status);
        long before = pumpJobs(daemon);

        Result build = pumpMake(remote, daemon.port(), "-j4");

        assertEquals(0, build.status, build.output);
        List<Path> objects = objects(local);
        assertTrue(objects.size() >= 30, objects.toString());
        for (Path object : objects) {
            assertArrayEquals(
                    Files.readAllBytes(local.resolve(object)),
                    Files.readAllBytes(remote.resolve(object)),
                    object.toString());
        }
        long served = pumpJobs(daemon) - before;
        assertTrue(served >= objects.size(), served + " pump-mode compiles served for " + objects.size() + " objects");
    }

    static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    /** {@code <tmp>/distccd_Ab12Cd} reads {@code <tmp>/distccd_XXXXXX}. */
    static byte[] maskRoots(byte[] data, String root) {
        byte[] prefix = root.getBytes(StandardCharsets.UTF_8);
        byte[] masked = data.clone();
        for (int i = 0; i + prefix.length + 6 <= masked.length; i++) {
            if (java.util.Arrays.equals(masked, i, i + prefix.length, prefix, 0, prefix.length)) {
                java.util.Arrays.fill(masked, i + prefix.length, i + prefix.length + 6, (byte) 'X');
            }
        }
        return masked;
    }

    static long pumpJobs(RunningDaemon daemon) {
        return daemon.logLines().stream()
                .filter(l -> l.contains("proto=3 ") && l.contains("outcome=ok"))
                .count();
    }

    static String unwrapped(Path dotd) throws IOException {
        return Files.readString(dotd).replace("\\\n", "").replaceAll(" +", " ");
    }

    record Result(int status, String output) {}

    static Result run(List<String> command, Path dir, Map<String, String> env)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "out", ".txt");
        var builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(command + " took more than 10 minutes");
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    static List<Path> objects(Path tree) throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            return walk.filter(p -> p.toString().endsWith(".o"))
                    .map(tree::relativize)
                    .toList();
        }
    }
}
