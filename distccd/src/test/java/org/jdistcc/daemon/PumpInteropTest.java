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
import java.util.stream.Stream;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * distcc 3.4's own pump client ({@link DistccPumpBuild}: {@code pump make}, its include server
 * choosing the files) through our daemon: objects identical to a local build without {@code -g};
 * with {@code -g}, identical to what the same client gets from Debian's distccd 3.4 given the same
 * temporary root.
 */
@WithDaemon
class PumpInteropTest {
    /** Headers in three directories, found by quotes, angles, -I relative and absolute, -include, a link. */
    private static final Map<String, String> PROJECT = Map.of(
            "inc/config.h", "#define GREETING \"hello\"\n",
            "inc/a.h", "#include \"sub/b.h\"\n#include <lib/c.h>\n#define A (B + C)\n",
            "inc/sub/b.h", "#define B 1\n",
            "third/lib/c.h", "#define C 2\n",
            "src/main.c", """
                    #include <stdio.h>
                    #include "a.h"
                    #include "alias.h"
                    int main(void) { printf("%s %d\\n", GREETING, A); return 0; }
                    """,
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
    static Outcome pumpMake(Path dir, int port, String... makeArgs) throws Exception {
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
        assertEquals(0, run(List.of("make", "CC=gcc"), local, Map.of()).exitCode());
        Path remote = writeProject("remote");
        long before = pumpJobs(daemon);

        Outcome build = pumpMake(remote, daemon.port());

        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.toString().contains("Using 1 distcc server in pump mode"), build.toString());
        for (String object : OBJECTS) {
            assertArrayEquals(
                    Files.readAllBytes(local.resolve(object)), Files.readAllBytes(remote.resolve(object)), object);
            String deps = object.replace(".o", ".d");
            // gcc breaks .d lines by length, and on the server the object has 3.4's temporary name.
            assertEquals(
                    unwrapped(local.resolve(deps)).replace(local.toString(), "DIR"),
                    unwrapped(remote.resolve(deps)).replace(remote.toString(), "DIR"),
                    deps);
        }
        daemon.awaitLog(l -> pumpJobs(daemon) - before >= OBJECTS.size(), Duration.ofSeconds(5));
    }

    /**
     * Run it twice and distcc 3.4's own objects with {@code -g} differ: gcc records {@code <server
     * root><client cwd>} (3.4 replaces it with slashes in {@code .debug_info} and {@code .debug_str}
     * but not in DWARF 5's {@code .debug_line_str}), and lays out its string sections by hashing their
     * contents, root included. So Debian's distccd gets, through {@code LD_PRELOAD}, a {@code mkdtemp}
     * that names its root as ours named it for the same file ({@link #MKDTEMP}); then every byte of
     * the object and of the {@code .d} file must be the same.
     */
    @Test
    void withDebugInformationTheObjectsAreThoseDebiansDistccdGives(RunningDaemon daemon) throws Exception {
        Path dir = writeProject("debug");
        Outcome ours = pumpMake(dir, daemon.port(), "EXTRA=-g");
        assertEquals(0, ours.exitCode(), ours.toString());
        Map<String, byte[]> mine = new HashMap<>();
        for (String object : OBJECTS) {
            mine.put(object, Files.readAllBytes(dir.resolve(object)));
            mine.put(object.replace(".o", ".d"), Files.readAllBytes(dir.resolve(object.replace(".o", ".d"))));
        }

        Path shim = work.resolve("mkdtemp.so");
        Files.writeString(work.resolve("mkdtemp.c"), MKDTEMP);
        assertEquals(
                0,
                run(List.of("gcc", "-shared", "-fPIC", "-o", shim.toString(), "mkdtemp.c", "-ldl"), work, Map.of())
                        .exitCode());
        Path nameFile = Files.createTempFile(daemon.tmpDir(), "root-name", "");
        Files.setPosixFilePermissions(nameFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (var debian = DaemonSetup.debian()
                .jobs(2)
                .tmpDir(daemon.tmpDir())
                .environment("LD_PRELOAD", shim.toString())
                .environment("PUMP_ROOT_NAME", nameFile.toString())
                .start()) {
            for (String object : OBJECTS) {
                String root = rootNameIn(mine.get(object), daemon.tmpDir() + "/distccd_");
                Files.writeString(nameFile, root);
                Files.delete(dir.resolve(object));
                Outcome theirs = pumpMake(dir, debian.port(), "EXTRA=-g", object);
                assertEquals(0, theirs.exitCode(), theirs.toString() + debian.log() + debian.stderr());
                String deps = object.replace(".o", ".d");
                assertArrayEquals(
                        Files.readAllBytes(dir.resolve(object)), mine.get(object), object + " (root " + root + ")");
                assertArrayEquals(Files.readAllBytes(dir.resolve(deps)), mine.get(deps), deps);
            }
        }
    }

    /** mkdtemp for distccd's pump roots: the six characters come from the file $PUMP_ROOT_NAME names. */
    private static final String MKDTEMP = """
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/stat.h>
            char *mkdtemp(char *template) {
                char *(*real)(char *) = (char *(*)(char *)) dlsym(RTLD_NEXT, "mkdtemp");
                const char *file = getenv("PUMP_ROOT_NAME");
                size_t n = strlen(template);
                char name[7] = {0};
                FILE *f;
                if (file == NULL || n < 14 || strcmp(template + n - 14, "distccd_XXXXXX") != 0
                        || (f = fopen(file, "r")) == NULL) {
                    return real(template);
                }
                size_t got = fread(name, 1, 6, f);
                fclose(f);
                if (got != 6) {
                    return real(template);
                }
                memcpy(template + n - 6, name, 6);
                return mkdir(template, 0700) == 0 ? template : NULL;
            }
            """;

    /** The six characters after {@code prefix} in an object: our root's name, in its debug information. */
    static String rootNameIn(byte[] object, String prefix) {
        String text = new String(object, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(prefix);
        assertTrue(at >= 0, "the root is in DWARF 5's line strings");
        return text.substring(at + prefix.length(), at + prefix.length() + 6);
    }

    @Test
    void zlibBuildsThroughPumpModeAsLocally(RunningDaemon daemon) throws Exception {
        Path script = Path.of("..", "scripts", "fetch-zlib.sh").toAbsolutePath().normalize();
        Outcome fetch =
                run(List.of("bash", script.toString(), work.resolve("zlib-src").toString()), work, Map.of());
        assertEquals(0, fetch.exitCode(), fetch.toString());
        Path zlib = Path.of(fetch.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
        Path local = copyTree(zlib, work.resolve("zlib-local"));
        assertEquals(
                0,
                run(List.of("sh", "-c", "./configure && make -j4"), local, Map.of())
                        .exitCode());
        Path remote = copyTree(zlib, work.resolve("zlib-pump"));
        assertEquals(0, run(List.of("./configure"), remote, Map.of()).exitCode());
        long before = pumpJobs(daemon);

        Outcome build = pumpMake(remote, daemon.port(), "-j4");

        assertEquals(0, build.exitCode(), build.toString());
        List<Path> objects = objects(local);
        assertTrue(objects.size() >= 15, objects.toString());
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

    static long pumpJobs(RunningDaemon daemon) {
        return daemon.logLines().stream()
                .filter(l -> l.contains("proto=3 ") && l.contains("outcome=ok"))
                .count();
    }

    static String unwrapped(Path dotd) throws IOException {
        return Files.readString(dotd).replace("\\\n", "").replaceAll(" +", " ");
    }

    /** Runs {@code command} in {@code dir} to completion, killed (and failing) past its time. */
    static Outcome run(List<String> command, Path dir, Map<String, String> env) {
        return CommandRunner.in(dir)
                .with(env)
                .withTimeout(Duration.ofMinutes(10))
                .run(command);
    }

    static List<Path> objects(Path tree) throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            return walk.filter(p -> p.toString().endsWith(".o"))
                    .map(tree::relativize)
                    .toList();
        }
    }
}
