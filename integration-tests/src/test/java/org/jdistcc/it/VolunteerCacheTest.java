package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A volunteer's result cache on its disk ({@code --cache-dir}): the same job again is answered from
 * it, byte for byte what a compile gives; nothing that changes the output (a header, a {@code -D}, an
 * environment variable) is answered with an old result; an entry torn by a crash or damaged on disk is
 * never served. Through our client (source mode) and Debian's (preprocessed text).
 */
@ExtendWith(RequiresInstallation.class)
class VolunteerCacheTest {
    /** The compile-line markers of our daemon's job log. */
    static final String MISS = "cache=miss";

    static final String HIT = "cache=hit";

    @TempDir
    Path dir;

    Path shared;
    Path cacheDir;

    @BeforeEach
    void sharedDirectories() throws Exception {
        shared = SharedDirectory.create("jdistcc-cache-test-");
        cacheDir = SharedDirectory.in(shared, "cache");
    }

    @AfterEach
    void removeShared() throws Exception {
        SharedDirectory.deleteTree(shared);
    }

    private RunningDaemon volunteer(Installation jdistcc, String... more) throws Exception {
        var args = new java.util.ArrayList<>(List.of("--cache-dir", cacheDir.toString(), "--cache-size", "1G"));
        args.addAll(List.of(more));
        return DaemonSetup.installed(jdistcc)
                .jobs(4)
                .args(args.toArray(String[]::new))
                .start();
    }

    /** Compiles {@code source} to {@code object} through {@code daemon} with our client or Debian's. */
    private Outcome remote(
            Installation jdistcc, String client, RunningDaemon daemon, String object, String... compile) {
        String distcc = client.equals("jdistcc") ? jdistcc.distcc().toString() : "/usr/bin/distcc";
        var command = new java.util.ArrayList<>(List.of(distcc, "gcc"));
        command.addAll(List.of(compile));
        command.addAll(List.of("-o", object));
        return jdistcc.userIn(dir)
                .with("DISTCC_HOSTS", daemon.hostSpec(""))
                .with("DISTCC_FALLBACK", "0")
                .run(command);
    }

    private byte[] local(Installation jdistcc, String object, String... compile) throws Exception {
        var command = new java.util.ArrayList<>(List.of("gcc"));
        command.addAll(List.of(compile));
        command.addAll(List.of("-o", object));
        Outcome made = jdistcc.userIn(dir).run(command);
        assertEquals(0, made.exitCode(), made::toString);
        return Files.readAllBytes(dir.resolve(object));
    }

    private void assertSameAsLocal(Installation jdistcc, String object, String... compile) throws Exception {
        assertArrayEquals(local(jdistcc, "local-" + object, compile), Files.readAllBytes(dir.resolve(object)), object);
    }

    /** Sources enough for make -j4 to keep the volunteer busy, sharing a header as a project's do. */
    static final int TREE_SOURCES = 8;

    /**
     * A small C project of its own (zlib's 30 compiles are the benchmark's, bench/volunteer-cache.sh):
     * {@value #TREE_SOURCES} sources sharing a header, built by make.
     */
    private static Path writeTree(Path tree) throws Exception {
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("common.h"), "#define SCALE 3\nint twice(int x);\n");
        var objects = new StringBuilder();
        for (int i = 0; i < TREE_SOURCES; i++) {
            Files.writeString(
                    tree.resolve("s" + i + ".c"),
                    "#include \"common.h\"\n#include <string.h>\n" + "int f" + i
                            + "(const char *s) { return twice((int) strlen(s)) * SCALE + " + i + "; }\n");
            objects.append(" s").append(i).append(".o");
        }
        Files.writeString(
                tree.resolve("Makefile"),
                "OBJS =" + objects + "\nall: $(OBJS)\n%.o: %.c common.h\n\t$(CC) -O2 -c $< -o $@\n");
        return tree;
    }

    private static List<Path> objectsIn(Path tree) throws Exception {
        try (var files = Files.list(tree)) {
            return files.filter(p -> p.toString().endsWith(".o"))
                    .map(tree::relativize)
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aRebuildAfterRemovingTheObjectsIsAnsweredFromTheCacheWithIdenticalObjects(Installation jdistcc)
            throws Exception {
        Path reference = writeTree(dir.resolve("tree-local"));
        Outcome made = CommandRunner.in(reference).run("make", "-j4", "CC=gcc");
        assertEquals(0, made.exitCode(), made::toString);
        Path tree = writeTree(dir.resolve("tree"));
        try (RunningDaemon daemon = volunteer(jdistcc)) {
            var make = jdistcc.userIn(tree)
                    .with("DISTCC_HOSTS", daemon.hostSpec(""))
                    .with("DISTCC_FALLBACK", "0")
                    .withTimeout(Duration.ofMinutes(5));
            Outcome cold = make.run("make", "-j4", "CC=" + jdistcc.distcc() + " gcc");
            assertEquals(0, cold.exitCode(), cold::toString);
            List<Path> objects = objectsIn(tree);
            assertEquals(TREE_SOURCES, objects.size(), objects::toString);
            assertTrue(daemon.awaitLines(MISS, TREE_SOURCES), daemon::log);
            for (Path object : objects) {
                Files.delete(tree.resolve(object));
            }
            Outcome warm = make.run("make", "-j4", "CC=" + jdistcc.distcc() + " gcc");
            assertEquals(0, warm.exitCode(), warm::toString);
            assertTrue(daemon.awaitLines(HIT, TREE_SOURCES), daemon::log);
            assertEquals(TREE_SOURCES, daemon.countLines(HIT), daemon::log);
            assertEquals(TREE_SOURCES, daemon.countLines(MISS), "nothing compiled twice:\n" + daemon.log());
            assertEquals(objectsIn(reference), objectsIn(tree));
            for (Path object : objects) {
                assertArrayEquals(
                        Files.readAllBytes(reference.resolve(object)),
                        Files.readAllBytes(tree.resolve(object)),
                        object + " differs from a local compile's");
            }
        }
    }

    /**
     * One volunteer per client: the same job again is a hit; a changed header and a changed
     * {@code -D} are not, and give what a local compile gives.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdistcc", "debian"})
    void theSameJobAgainIsAHitAndAChangedHeaderOrDefineIsNot(String client, Installation jdistcc) throws Exception {
        Files.writeString(dir.resolve("config.h"), "#define VALUE 1\n");
        Files.writeString(dir.resolve("a.c"), "#include \"config.h\"\nint value(void) { return VALUE; }\n");
        Files.writeString(dir.resolve("d.c"), "int value(void) { return DVALUE; }\n");
        try (RunningDaemon daemon = volunteer(jdistcc)) {
            Outcome first = remote(jdistcc, client, daemon, "first.o", "-O2", "-c", "a.c");
            assertEquals(0, first.exitCode(), first::toString);
            // The volunteer keeps a result after replying: its job line says when it is kept.
            assertTrue(daemon.awaitLines(MISS, 1), daemon::log);
            Outcome again = remote(jdistcc, client, daemon, "again.o", "-O2", "-c", "a.c");
            assertEquals(0, again.exitCode(), again::toString);
            assertTrue(daemon.awaitLines(HIT, 1), daemon::log);
            assertArrayEquals(Files.readAllBytes(dir.resolve("first.o")), Files.readAllBytes(dir.resolve("again.o")));

            Files.writeString(dir.resolve("config.h"), "#define VALUE 2\n");
            Outcome changed = remote(jdistcc, client, daemon, "changed.o", "-O2", "-c", "a.c");
            assertEquals(0, changed.exitCode(), changed::toString);
            assertTrue(daemon.awaitLines(MISS, 2), daemon::log);
            assertEquals(1, daemon.countLines(HIT), daemon::log);
            assertSameAsLocal(jdistcc, "changed.o", "-O2", "-c", "a.c");

            int misses = 2;
            for (String value : List.of("1", "2")) {
                Outcome out = remote(jdistcc, client, daemon, "v" + value + ".o", "-DDVALUE=" + value, "-c", "d.c");
                assertEquals(0, out.exitCode(), out::toString);
                assertTrue(daemon.awaitLines(MISS, ++misses), daemon::log);
                assertSameAsLocal(jdistcc, "v" + value + ".o", "-DDVALUE=" + value, "-c", "d.c");
            }
            assertEquals(1, daemon.countLines(HIT), "a changed -D is compiled again:\n" + daemon.log());
        }
    }

    /**
     * {@code SOURCE_DATE_EPOCH} changes {@code __DATE__} and {@code __TIME__}: with our client it travels
     * to the volunteer, which preprocesses, so it is part of the key; without it a source that uses
     * them is never cached (its output changes with the clock).
     */
    @Test
    void anEnvironmentVariableThatChangesTheOutputChangesTheKey(Installation jdistcc) throws Exception {
        Files.writeString(dir.resolve("when.c"), "const char *built = __DATE__ \" \" __TIME__;\n");
        try (RunningDaemon daemon = volunteer(jdistcc)) {
            int jobs = 0;
            for (String epoch : List.of("1000000000", "2000000000", "2000000000")) {
                Outcome out = jdistcc.userIn(dir)
                        .with("DISTCC_HOSTS", daemon.hostSpec(""))
                        .with("DISTCC_FALLBACK", "0")
                        .with("SOURCE_DATE_EPOCH", epoch)
                        .run(jdistcc.distcc().toString(), "gcc", "-c", "when.c", "-o", "when-" + epoch + ".o");
                assertEquals(0, out.exitCode(), out::toString);
                Outcome here = jdistcc.userIn(dir)
                        .with("SOURCE_DATE_EPOCH", epoch)
                        .run("gcc", "-c", "when.c", "-o", "here-" + epoch + ".o");
                assertEquals(0, here.exitCode(), here::toString);
                assertArrayEquals(
                        Files.readAllBytes(dir.resolve("here-" + epoch + ".o")),
                        Files.readAllBytes(dir.resolve("when-" + epoch + ".o")),
                        "SOURCE_DATE_EPOCH=" + epoch);
                assertTrue(daemon.awaitLines("outcome=ok", ++jobs), daemon::log);
            }
            assertTrue(daemon.awaitLines(HIT, 1), daemon::log);
            assertEquals(2, daemon.countLines(MISS), daemon::log);

            Outcome unpinned = remote(jdistcc, "jdistcc", daemon, "now.o", "-c", "when.c");
            assertEquals(0, unpinned.exitCode(), unpinned::toString);
            assertTrue(daemon.awaitLines("cache=uncacheable", 1), daemon::log);
        }
    }

    /** An entry whose bytes changed on disk fails its MAC: removed, compiled again, never served. */
    @Test
    void aDamagedEntryIsNotServed(Installation jdistcc) throws Exception {
        String source = CSources.CLEAN.writeTo(dir);
        try (RunningDaemon daemon = volunteer(jdistcc)) {
            Outcome first = remote(jdistcc, "jdistcc", daemon, "first.o", "-c", source);
            assertEquals(0, first.exitCode(), first::toString);
            assertTrue(daemon.awaitLines(MISS, 1), daemon::log);
            List<Path> entries = CacheFiles.entries(cacheDir);
            assertEquals(1, entries.size(), entries::toString);
            byte[] bytes = Files.readAllBytes(entries.getFirst());
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(entries.getFirst(), bytes);

            Outcome again = remote(jdistcc, "jdistcc", daemon, "again.o", "-c", source);
            assertEquals(0, again.exitCode(), again::toString);
            assertTrue(daemon.awaitLines(MISS, 2), daemon::log);
            assertEquals(0, daemon.countLines(HIT), daemon::log);
            assertTrue(daemon.log().contains("is not usable (the entry's MAC does not match): removed"), daemon::log);
            assertSameAsLocal(jdistcc, "again.o", "-c", source);
        }
    }

    /**
     * A volunteer killed (SIGKILL) while it writes a large entry leaves at most a temporary file,
     * which the next start removes; the job is then compiled again, not answered from half an entry.
     */
    @Test
    void aVolunteerKilledWhileWritingAnEntryServesNoTornEntry(Installation jdistcc) throws Exception {
        // A 48 MiB object: a cache entry that takes a while to write and sync.
        Files.writeString(dir.resolve("big.c"), "const char big[48 << 20] = {1};\nint f(void) { return big[7]; }\n");
        boolean caught = false;
        for (int attempt = 0; attempt < 5 && !caught; attempt++) {
            RunningDaemon daemon = volunteer(jdistcc);
            try {
                var compile = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> remote(jdistcc, "jdistcc", daemon, "big-" + System.nanoTime() + ".o", "-c", "big.c"));
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
                while (!compile.isDone() && System.nanoTime() < deadline && !caught) {
                    caught = !CacheFiles.partial(cacheDir).isEmpty();
                    if (caught) {
                        daemon.kill();
                    } else {
                        Thread.sleep(2);
                    }
                }
                compile.get(120, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                daemon.kill();
            }
            if (!caught) {
                CacheFiles.clear(cacheDir); // stored whole before we looked: try again on an empty cache
            }
        }
        assertTrue(caught, "never saw the volunteer writing its entry, in 5 attempts");
        assertFalse(CacheFiles.partial(cacheDir).isEmpty(), "the kill left a temporary file");
        assertEquals(List.of(), CacheFiles.entries(cacheDir), "no entry under its final name");

        try (RunningDaemon restarted = volunteer(jdistcc)) {
            assertEquals(List.of(), CacheFiles.partial(cacheDir), "the restart removed what the crash left");
            Outcome again = remote(jdistcc, "jdistcc", restarted, "big-again.o", "-c", "big.c");
            assertEquals(0, again.exitCode(), again::toString);
            assertTrue(restarted.awaitLines(MISS, 1), restarted::log);
            assertEquals(0, restarted.countLines(HIT), restarted::log);
            assertSameAsLocal(jdistcc, "big-again.o", "-c", "big.c");
        }
    }

    /** The client learns from each reply whether it was a hit: {@code --show-stats} counts them per volunteer. */
    @Test
    void showStatsCountsEachVolunteersHitsAndMisses(Installation jdistcc) throws Exception {
        String source = CSources.CLEAN.writeTo(dir);
        Path distccDir = Files.createDirectories(dir.resolve("distcc-dir"));
        try (RunningDaemon daemon = volunteer(jdistcc)) {
            var user = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", distccDir.toString())
                    .with("DISTCC_HOSTS", daemon.hostSpec(""))
                    .with("DISTCC_FALLBACK", "0");
            int jobs = 0;
            for (String object : List.of("a.o", "b.o", "c.o")) {
                Outcome out = user.run(jdistcc.distcc().toString(), "gcc", "-c", source, "-o", object);
                assertEquals(0, out.exitCode(), out::toString);
                assertTrue(daemon.awaitLines("outcome=ok", ++jobs), daemon::log);
            }
            Outcome stats = user.run(jdistcc.distcc().toString(), "--show-stats");
            assertTrue(stats.stdout().contains("Volunteer cache hits                    2   66.7 %"), stats::toString);
            assertTrue(
                    stats.stdout().lines().anyMatch(l -> l.startsWith(daemon.hostSpec("")) && l.endsWith(" 2      1")),
                    stats::toString);
        }
    }
}
