package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our client builds a real project (zlib, 34 compiles) through real volunteers on loopback:
 * Debian's distccd 3.4, and ours. Every object must equal a local build's.
 */
@ExtendWith(RequiresInstallation.class)
class RemoteBuildTest {
    /** Debian's daemon logs one line per job; ours logs one per job with the outcome. */
    static final String DEBIAN_OK = "COMPILE_OK";

    static final String JDISTCC_OK = "outcome=ok";

    @TempDir
    static Path shared;

    static ZlibTree reference;

    @BeforeAll
    static void buildLocally() {
        reference = ZlibTree.configuredIn(shared, "zlib-local");
        Outcome made = CommandRunner.in(reference.dir).run("make", "-j4", "CC=gcc");
        assertEquals(0, made.exitCode(), made::toString);
    }

    @TempDir
    Path dir;

    private Outcome make(Installation jdistcc, ZlibTree tree, String hosts) {
        return jdistcc.userIn(tree.dir)
                .with("DISTCC_HOSTS", hosts)
                .with("DISTCC_FALLBACK", "0")
                .withTimeout(Duration.ofMinutes(10))
                .run("make", "-j4", "CC=" + jdistcc.distcc() + " gcc");
    }

    @ParameterizedTest(name = "options ''{0}''")
    @ValueSource(strings = {"", ",lzo"})
    void buildsZlibThroughDebianDistccdWithIdenticalObjects(String options, Installation jdistcc) throws Exception {
        ZlibTree tree = ZlibTree.configuredIn(dir, "zlib");
        try (RunningDaemon debian = DaemonSetup.debian().jobs(4).start()) {
            Outcome made = make(jdistcc, tree, debian.hostSpec(options));
            assertEquals(0, made.exitCode(), made::toString);
            tree.assertSameObjectsAs(reference);
            assertTrue(debian.awaitLines(DEBIAN_OK, tree.objects().size()), debian::log);
            assertEquals(tree.objects().size(), debian.countLines(DEBIAN_OK), debian::log);
        }
    }

    /**
     * Autotools-style flags through a distcc 3.4 volunteer with fallbacks disabled: debug information
     * and warnings stay remote by default, as with distcc 3.4, so nearly every compile is the volunteer's.
     */
    @Test
    void buildsZlibWithDebugInfoAndWarningsThroughDebianDistccdLikeDistcc(Installation jdistcc) throws Exception {
        ZlibTree tree = ZlibTree.configuredIn(dir, "zlib");
        try (RunningDaemon debian = DaemonSetup.debian().jobs(4).start()) {
            Outcome made = jdistcc.userIn(tree.dir)
                    .with("DISTCC_HOSTS", debian.hostSpec(",lzo"))
                    .with("DISTCC_FALLBACK", "0")
                    .withTimeout(Duration.ofMinutes(10))
                    .run("make", "-j4", "CC=" + jdistcc.distcc() + " gcc", "CFLAGS=-g -O2 -Wall -Wextra");
            assertEquals(0, made.exitCode(), made::toString);
            int objects = tree.objects().size();
            assertTrue(objects >= 30, "zlib builds at least 30 objects");
            assertTrue(debian.awaitLines(DEBIAN_OK, objects * 9 / 10), debian::log);
            assertTrue(
                    debian.countLines(DEBIAN_OK) * 10 >= objects * 9L,
                    debian.countLines(DEBIAN_OK) + " of " + objects + " compiled by the volunteer");
        }
    }

    @ParameterizedTest(name = "options ''{0}''")
    @ValueSource(strings = {"", ",lzo", ",lz4"})
    void buildsZlibThroughOurDistccdWithIdenticalObjects(String options, Installation jdistcc) throws Exception {
        ZlibTree tree = ZlibTree.configuredIn(dir, "zlib");
        try (RunningDaemon ours = DaemonSetup.installed(jdistcc).jobs(4).start()) {
            Outcome made = make(jdistcc, tree, ours.hostSpec(options));
            assertEquals(0, made.exitCode(), made::toString);
            tree.assertSameObjectsAs(reference);
            assertTrue(ours.awaitLines(JDISTCC_OK, tree.objects().size()), ours::log);
            assertEquals(tree.objects().size(), ours.countLines(JDISTCC_OK), ours::log);
        }
    }

    @Test
    void debianClientBuildsZlibThroughOurInstalledDistccd(Installation jdistcc) throws Exception {
        ZlibTree tree = ZlibTree.configuredIn(dir, "zlib");
        try (RunningDaemon ours = DaemonSetup.installed(jdistcc).jobs(4).start()) {
            Outcome made = jdistcc.userIn(tree.dir)
                    .with("DISTCC_HOSTS", ours.hostSpec(",lzo"))
                    .with("DISTCC_FALLBACK", "0")
                    .withTimeout(Duration.ofMinutes(10))
                    .run("make", "-j4", "CC=/usr/bin/distcc gcc");
            assertEquals(0, made.exitCode(), made::toString);
            tree.assertSameObjectsAs(reference);
            assertTrue(ours.awaitLines(JDISTCC_OK, tree.objects().size()), ours::log);
            assertEquals(tree.objects().size(), ours.countLines(JDISTCC_OK), ours::log);
        }
    }

    @Test
    void deadFirstHostIsSkippedAndTheNextOneServes(Installation jdistcc) throws Exception {
        ZlibTree tree = ZlibTree.configuredIn(dir, "zlib");
        int dead = FreePort.find();
        try (RunningDaemon debian = DaemonSetup.debian().jobs(4).start()) {
            Outcome made = make(jdistcc, tree, "127.0.0.1:" + dead + " " + debian.hostSpec(""));
            assertEquals(0, made.exitCode(), made::toString);
            tree.assertSameObjectsAs(reference);
            assertTrue(debian.awaitLines(DEBIAN_OK, tree.objects().size()), debian::log);
            assertEquals(tree.objects().size(), debian.countLines(DEBIAN_OK), debian::log);
        }
    }

    @Test
    void everyHostDeadStillBuildsLocally(Installation jdistcc) {
        ZlibTree tree = ZlibTree.configuredIn(dir, "zlib");
        Outcome made = jdistcc.userIn(tree.dir)
                .with("DISTCC_HOSTS", "127.0.0.1:" + FreePort.find() + " 127.0.0.1:" + FreePort.find())
                .withTimeout(Duration.ofMinutes(10))
                .run("make", "-j4", "CC=" + jdistcc.distcc() + " gcc");
        assertEquals(0, made.exitCode(), made::toString);
        tree.assertSameObjectsAs(reference);
    }

    @Test
    void allHostsDeadWithoutFallbackFailsWithADistccCode(Installation jdistcc) throws IOException {
        String source = CSources.CLEAN.writeTo(dir);
        Outcome outcome = jdistcc.userIn(dir)
                .with("DISTCC_HOSTS", "127.0.0.1:" + FreePort.find())
                .with("DISTCC_FALLBACK", "0")
                .run(jdistcc.distcc().toString(), "gcc", "-c", source, "-o", "a.o");
        assertEquals(103, outcome.exitCode(), outcome::toString);
        assertTrue(outcome.stderr().contains("fallbacks are disabled"), outcome::toString);
        assertTrue(!Files.exists(dir.resolve("a.o")));
    }

    /** A volunteer that loses power mid-build: the build finishes elsewhere, objects identical. */
    @Test
    void volunteerKilledMidBuildDoesNotBreakTheBuild(Installation jdistcc) throws Exception {
        ZlibTree tree = ZlibTree.configuredIn(dir, "zlib");
        try (RunningDaemon doomed = DaemonSetup.debian().jobs(4).start();
                RunningDaemon survivor = DaemonSetup.debian().jobs(4).start()) {
            var build = CompletableFuture.supplyAsync(
                    () -> make(jdistcc, tree, doomed.hostSpec("") + " " + survivor.hostSpec("")));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (doomed.countLines(DEBIAN_OK) < 3 && !build.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            doomed.kill();
            Outcome made = build.get(10, TimeUnit.MINUTES);
            assertEquals(0, made.exitCode(), made::toString);
            tree.assertSameObjectsAs(reference);
            assertTrue(survivor.countLines(DEBIAN_OK) > 0, "the survivor served the rest");
        }
    }

    @Test
    void masqueradeFindsTheRealGccAndGoesRemote(Installation jdistcc) throws Exception {
        String source = CSources.CLEAN.writeTo(dir);
        try (RunningDaemon debian = DaemonSetup.debian().jobs(4).start()) {
            var user = jdistcc.userIn(dir);
            Outcome local = user.run("gcc", "-c", source, "-o", "local.o");
            assertEquals(0, local.exitCode(), local::toString);
            Outcome masqueraded = user.with("DISTCC_HOSTS", debian.hostSpec(""))
                    .with("DISTCC_FALLBACK", "0")
                    .with("PATH", jdistcc.masqueradeDirectory() + ":" + user.environmentValue("PATH"))
                    .runThroughShell("gcc", "-c", source, "-o", "remote.o");
            assertEquals(0, masqueraded.exitCode(), masqueraded::toString);
            assertTrue(debian.awaitLines(DEBIAN_OK, 1), debian::log);
            assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("remote.o")));
        }
    }
}
