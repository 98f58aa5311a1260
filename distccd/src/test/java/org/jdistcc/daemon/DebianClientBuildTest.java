package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Debian's own distcc 3.4 client, unchanged, builds a real project through the daemon: every
 * object must be byte-identical to a local build, and every compile must have been served.
 */
@WithDaemon
class DebianClientBuildTest {
    private static final Path DISTCC = Path.of("/usr/bin/distcc");

    @TempDir
    static Path work;

    private static Path zlib;
    private static Path localBuild;

    @BeforeAll
    static void buildZlibLocally() throws Exception {
        assumeTrue(Files.isExecutable(DISTCC), "Debian's distcc package is not installed");
        Path script = Path.of("..", "scripts", "fetch-zlib.sh").toAbsolutePath().normalize();
        var fetch = run(List.of("bash", script.toString(), work.resolve("src").toString()), work, Map.of(), 600);
        assumeTrue(fetch.exitCode() == 0, "zlib sources unavailable: " + fetch.toString());
        zlib = Path.of(fetch.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
        localBuild = copyTree(zlib, work.resolve("local"));
        var build = run(List.of("sh", "-c", "./configure && make -j4"), localBuild, Map.of(), 600);
        assertEquals(0, build.exitCode(), build.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"plain, '', 1", "lzo, ',lzo', 2"})
    void zlibBuildsThroughTheDaemonIdenticallyToALocalBuild(
            String name, String hostOptions, int protocol, RunningDaemon daemon) throws Exception {
        Path tree = copyTree(zlib, work.resolve(name));
        Path distccDir = Files.createDirectories(work.resolve("distcc-" + name));
        var env = Map.of(
                "DISTCC_HOSTS",
                "127.0.0.1:" + daemon.port() + hostOptions,
                "DISTCC_FALLBACK",
                "0",
                "DISTCC_DIR",
                distccDir.toString());

        // configure runs plain gcc: Debian's client puts a host in backoff when a configure probe's
        // own preprocessing fails, and DISTCC_FALLBACK=0 would then fail the next probe.
        var build = run(List.of("sh", "-c", "./configure && make -j4 CC='distcc gcc'"), tree, env, 600);

        assertEquals(0, build.exitCode(), build.toString());
        List<Path> objects = objects(localBuild);
        assertTrue(objects.size() >= 30, "zlib has " + objects.size() + " objects (static, shared, tests)");
        for (Path object : objects) {
            Path remote = tree.resolve(object.toString());
            assertTrue(Files.exists(remote), remote + " missing");
            assertArrayEquals(
                    Files.readAllBytes(localBuild.resolve(object.toString())),
                    Files.readAllBytes(remote),
                    object + " differs from the local build");
            // example64.o and minigzip64.o are test/example.c and test/minigzip.c again.
            String stem = object.getFileName().toString().replaceFirst("(64)?\\.l?o$", "");
            daemon.awaitLog(
                    l -> l.contains("proto=" + protocol)
                            && l.contains("outcome=ok")
                            && (l.contains("source=" + stem + ".c ") || l.contains("/" + stem + ".c ")),
                    Duration.ofSeconds(5));
        }
        long served = daemon.logLines().stream()
                .filter(l -> l.contains("proto=" + protocol) && l.contains("outcome=ok"))
                .count();
        assertTrue(served >= objects.size(), served + " compiles served for " + objects.size() + " objects");
    }

    /**
     * Without -g: compiling a preprocessed source changes some DWARF columns, with Debian's
     * distccd as with ours (checked: ours gives the same bytes as Debian's there).
     */
    @Test
    void cxxWithTemplatesBuildsIdentically(RunningDaemon daemon) throws Exception {
        Path dir = Files.createDirectories(work.resolve("cxx"));
        Files.writeString(dir.resolve("templates.cpp"), """
                #include <map>
                #include <string>
                #include <tuple>
                #include <vector>
                template <typename... T> struct Row { std::tuple<T...> cells; };
                template <int N> struct Fib { static constexpr long value = Fib<N - 1>::value + Fib<N - 2>::value; };
                template <> struct Fib<0> { static constexpr long value = 0; };
                template <> struct Fib<1> { static constexpr long value = 1; };
                template <typename K, typename V> V sum(const std::map<K, V>& m) {
                    V s{};
                    for (const auto& [k, v] : m) s += v;
                    return s;
                }
                long use() {
                    std::map<std::string, long> m{{"a", Fib<40>::value}, {"b", 2}};
                    std::vector<Row<int, std::string, double>> rows(3);
                    return sum(m) + static_cast<long>(rows.size());
                }
                """);
        Path distccDir = Files.createDirectories(work.resolve("distcc-cxx"));
        var env = Map.of(
                "DISTCC_HOSTS",
                "127.0.0.1:" + daemon.port() + ",lzo",
                "DISTCC_FALLBACK",
                "0",
                "DISTCC_DIR",
                distccDir.toString());

        var remote = run(
                List.of("distcc", "g++", "-std=c++17", "-O2", "-c", "templates.cpp", "-o", "remote.o"), dir, env, 300);
        var local =
                run(List.of("g++", "-std=c++17", "-O2", "-c", "templates.cpp", "-o", "local.o"), dir, Map.of(), 300);

        assertEquals(0, remote.exitCode(), remote.toString());
        assertEquals(0, local.exitCode(), local.toString());
        assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("remote.o")));
        daemon.awaitLog(
                l -> l.contains("compiler=x86_64-linux-gnu-g++")
                        && l.contains("source=templates.cpp")
                        && l.contains("outcome=ok"),
                Duration.ofSeconds(5));
    }

    @Test
    void compileErrorThroughDebiansClientShowsGccsMessage(RunningDaemon daemon) throws Exception {
        Path dir = Files.createDirectories(work.resolve("broken"));
        Files.writeString(dir.resolve("broken.c"), "int f( {\n");
        var env = Map.of(
                "DISTCC_HOSTS",
                "127.0.0.1:" + daemon.port(),
                "DISTCC_SKIP_LOCAL_RETRY",
                "1",
                "DISTCC_DIR",
                Files.createDirectories(work.resolve("distcc-broken")).toString());

        var result = run(List.of("distcc", "gcc", "-c", "broken.c", "-o", "broken.o"), dir, env, 120);

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.toString().contains("broken.c:1"), result.toString());
        assertFalse(Files.exists(dir.resolve("broken.o")));
        daemon.awaitLog(
                l -> l.contains("source=broken.c") && l.contains("outcome=compile-failed"), Duration.ofSeconds(5));
    }

    /**
     * Out-of-tree builds (CMake, Meson, autotools with a separate build directory) pass absolute
     * source and {@code -o} paths, which distcc 3.4 sends as written: the daemon compiles them
     * under its job directory, writing nothing at the named paths on the volunteer.
     */
    @Test
    void absoluteSourceAndOutputPathsBuildIdentically(RunningDaemon daemon) throws Exception {
        Path dir = Files.createDirectories(work.resolve("out-of-tree"));
        Path source = Files.writeString(dir.resolve("abs.c"), "int twice(int x) { return 2 * x; }\n");
        Path build = Files.createDirectories(dir.resolve("build/sub"));
        Path remote = build.resolve("abs.o");
        var env = Map.of(
                "DISTCC_HOSTS",
                "127.0.0.1:" + daemon.port(),
                "DISTCC_FALLBACK",
                "0",
                "DISTCC_DIR",
                Files.createDirectories(work.resolve("distcc-abs")).toString());

        var result =
                run(List.of("distcc", "gcc", "-O2", "-c", source.toString(), "-o", remote.toString()), build, env, 120);
        var local = run(List.of("gcc", "-O2", "-c", source.toString(), "-o", "local.o"), build, Map.of(), 120);

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(0, local.exitCode(), local.toString());
        assertArrayEquals(Files.readAllBytes(build.resolve("local.o")), Files.readAllBytes(remote));
        daemon.awaitLog(l -> l.contains("source=" + source) && l.contains("outcome=ok"), Duration.ofSeconds(5));
    }

    /** Runs {@code command} in {@code dir} to completion, killed (and failing) past its time. */
    private static Outcome run(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds) {
        return CommandRunner.in(dir)
                .with(env)
                .withTimeout(Duration.ofSeconds(timeoutSeconds))
                .run(command);
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static List<Path> objects(Path tree) throws IOException {
        var list = new ArrayList<Path>();
        try (Stream<Path> walk = Files.walk(tree)) {
            walk.filter(p -> p.toString().endsWith(".o") || p.toString().endsWith(".lo"))
                    .forEach(p -> list.add(tree.relativize(p)));
        }
        return list;
    }
}
