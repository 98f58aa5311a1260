package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
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

/**
 * One result cache for a farm ({@code --cache-url}) in a real {@code redis-server} on loopback: what
 * one volunteer compiled is a hit on another; a Redis that stops, hangs or refuses only means
 * compiling; a volunteer whose compiler differs shares the cache without ever taking another's result.
 */
@ExtendWith(RequiresInstallation.class)
class SharedCacheTest {
    static final String SHARED_HIT = "cache=shared-hit";

    @TempDir
    Path dir;

    Path shared;
    RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        shared = SharedDirectory.create("jdistcc-redis-test-");
        redis = RedisServer.start(SharedDirectory.in(shared, "redis"));
    }

    @AfterEach
    void stopRedis() throws Exception {
        redis.close();
        SharedDirectory.deleteTree(shared);
    }

    private RunningDaemon volunteer(Installation jdistcc, Map<String, String> environment, String url, String... more)
            throws Exception {
        return DaemonSetup.installed(jdistcc)
                .jobs(4)
                .environment(environment)
                .args("--cache-url", url)
                .args(more)
                .start();
    }

    private Outcome compile(Installation jdistcc, String client, RunningDaemon daemon, String object, String source) {
        String distcc = client.equals("jdistcc") ? jdistcc.distcc().toString() : "/usr/bin/distcc";
        return jdistcc.userIn(dir)
                .with("DISTCC_HOSTS", daemon.hostSpec(""))
                .with("DISTCC_FALLBACK", "0")
                .run(distcc, "gcc", "-O2", "-c", source, "-o", object);
    }

    @Test
    void aBuildThroughOneVolunteerIsAnsweredFromTheSharedCacheThroughAnother(Installation jdistcc) throws Exception {
        ZlibTree reference = ZlibTree.configuredIn(dir, "zlib-local");
        Outcome local = CommandRunner.in(reference.dir).run("make", "-j4", "CC=gcc");
        assertEquals(0, local.exitCode(), local::toString);
        ZlibTree tree = ZlibTree.configuredIn(dir, "zlib");
        try (RunningDaemon first = volunteer(jdistcc, Map.of(), redis.url());
                RunningDaemon second = volunteer(jdistcc, Map.of(), redis.url())) {
            for (RunningDaemon volunteer : new RunningDaemon[] {first, second}) {
                Outcome made = jdistcc.userIn(tree.dir)
                        .with("DISTCC_HOSTS", volunteer.hostSpec(""))
                        .with("DISTCC_FALLBACK", "0")
                        .withTimeout(Duration.ofMinutes(10))
                        .run("make", "-j4", "CC=" + jdistcc.distcc() + " gcc");
                assertEquals(0, made.exitCode(), made::toString);
                int objects = tree.objects().size();
                assertTrue(
                        volunteer.awaitLines(volunteer == first ? "cache=miss" : SHARED_HIT, objects), volunteer::log);
                if (volunteer == first) {
                    assertTrue(redis.keys() >= objects, "every result went to Redis: " + redis.keys());
                    tree.objects()
                            .forEach(object -> tree.dir.resolve(object).toFile().delete());
                }
            }
            assertEquals(0, second.countLines("cache=miss"), second::log);
            tree.assertSameObjectsAs(reference);
        }
    }

    /** Stopped, hung (SIGSTOP), refusing (a password we lack): each job is compiled, within the timeouts. */
    @Test
    void aRedisOutageOnlyMeansCompiling(Installation jdistcc) throws Exception {
        Files.writeString(dir.resolve("a.c"), "int a(int x) { return x * 3; }\n");
        byte[] expected = compileHere(jdistcc, "a.c");
        try (RunningDaemon daemon = volunteer(jdistcc, Map.of(), redis.url())) {
            assertCompiledThere(jdistcc, daemon, "warm.o", 1, expected);

            redis.stop();
            assertCompiledThere(jdistcc, daemon, "stopped.o", 2, expected);
            assertTrue(daemon.log().contains("shared cache " + redis.url() + " unavailable"), daemon::log);

            redis.restart();
            redis.freeze();
            Thread.sleep(6000); // past the rest after the first failure: Redis is asked again, and hangs
            long start = System.nanoTime();
            assertCompiledThere(jdistcc, daemon, "frozen.o", 3, expected);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30, "bounded by the timeouts");
            redis.thaw();
        }
        try (RedisServer locked = RedisServer.start(SharedDirectory.in(shared, "locked"), FreePort.find(), "sesame");
                RunningDaemon daemon = volunteer(jdistcc, Map.of(), locked.url())) {
            assertCompiledThere(jdistcc, daemon, "refused.o", 1, expected);
            assertTrue(daemon.awaitLines("unavailable", 1), daemon::log);
            assertTrue(daemon.log().contains("NOAUTH"), daemon::log);
        }
    }

    private byte[] compileHere(Installation jdistcc, String source) throws Exception {
        Outcome here = jdistcc.userIn(dir).run("gcc", "-O2", "-c", source, "-o", "here.o");
        assertEquals(0, here.exitCode(), here::toString);
        return Files.readAllBytes(dir.resolve("here.o"));
    }

    private void assertCompiledThere(
            Installation jdistcc, RunningDaemon daemon, String object, int jobs, byte[] expected) throws Exception {
        Outcome out = compile(jdistcc, "jdistcc", daemon, object, "a.c");
        assertEquals(0, out.exitCode(), out::toString);
        assertTrue(daemon.awaitLines("outcome=ok", jobs), daemon::log);
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve(object)), object);
    }

    /**
     * Debian's client never asks what a volunteer's compiler is; the cache must not make that worse:
     * a result of gcc's in the shared cache is no hit for a volunteer whose gcc is clang.
     */
    @Test
    void aVolunteerWhoseGccIsClangNeverTakesGccsResultFromTheSharedCache(Installation jdistcc) throws Exception {
        Files.writeString(dir.resolve("a.c"), "int a(int x) { return x * 3 + 1; }\n");
        byte[] gcc = compileHere(jdistcc, "a.c");
        try (RunningDaemon real = volunteer(jdistcc, Map.of(), redis.url());
                RunningDaemon clang = volunteer(
                        jdistcc,
                        ClangBehindGcc.in(SharedDirectory.in(shared, "clang")),
                        redis.url(),
                        ClangBehindGcc.sandboxArgs(SharedDirectory.in(shared, "clang")))) {
            Outcome first = compile(jdistcc, "debian", real, "real.o", "a.c");
            assertEquals(0, first.exitCode(), first::toString);
            assertTrue(real.awaitLines("cache=miss", 1), real::log);
            Outcome second = compile(jdistcc, "debian", clang, "clang.o", "a.c");
            assertEquals(0, second.exitCode(), second::toString);
            assertTrue(clang.awaitLines("cache=miss", 1), clang::log);
            assertEquals(0, clang.countLines(SHARED_HIT), clang::log);
            assertArrayEquals(gcc, Files.readAllBytes(dir.resolve("real.o")));
            assertFalse(
                    java.util.Arrays.equals(gcc, Files.readAllBytes(dir.resolve("clang.o"))),
                    "clang's object is clang's");
        }
    }
}
