package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The waiting room (issue 16): two volunteers of one slot each, both busy with another user's
 * compile (Debian's distcc; its {@code cc} sleeps), the one listed first for much longer but
 * started later. Our client, new to both, hears that both are full and places its compile on the
 * first (its compile has run for less time); it waits in both rooms instead, and the second, free
 * first, invites it. distcc 3.4's client would queue behind the long compile on the first.
 */
@ExtendWith(RequiresInstallation.class)
class FirstInvitationTest {
    static final int LONG_SECONDS = 16;
    static final int SHORT_SECONDS = 4;

    @TempDir
    Path dir;

    SleepyCc cc;

    @BeforeEach
    void sleepyCc() throws IOException {
        // A compile sleeps as long as its source's name says.
        cc = SleepyCc.create(new SleepyCc.Rule("long", LONG_SECONDS), new SleepyCc.Rule("short", SHORT_SECONDS));
    }

    @AfterEach
    void removeCc() {
        cc.close();
    }

    @Test
    void aCompileGoesToTheVolunteerThatIsFreeFirst(Installation jdistcc) throws Exception {
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Path ours = Files.createDirectories(dir.resolve("ours"));
        Files.writeString(theirs.resolve("long.c"), "int slow(void) { return 1; }\n");
        Files.writeString(theirs.resolve("short.c"), "int quick(void) { return 2; }\n");
        Files.writeString(ours.resolve("mine.c"), "int mine(void) { return 3; }\n");
        try (RunningDaemon first = sleepy(jdistcc);
                RunningDaemon second = sleepy(jdistcc);
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // Our user's agent started first, so that ours places within the short compile's time.
            Outcome warm = jdistcc.userIn(ours)
                    .with(
                            "DISTCC_DIR",
                            Files.createDirectories(ours.resolve(".warm")).toString())
                    .with("DISTCC_HOSTS", "localhost")
                    .withTimeout(Duration.ofMinutes(1))
                    .run(jdistcc.distcc().toString(), "gcc", "-c", "mine.c", "-o", "warm.o");
            assertEquals(0, warm.exitCode(), warm::toString);
            // The short one first: it has run longer when ours places, so the reports make the
            // second volunteer look the busier, and ours is placed on the first.
            var shortOne = CompletableFuture.supplyAsync(() -> theirCompile(jdistcc, theirs, second, "short"), threads);
            awaitSleeping(second);
            Thread.sleep(500);
            var longOne = CompletableFuture.supplyAsync(() -> theirCompile(jdistcc, theirs, first, "long"), threads);
            awaitSleeping(first);

            long start = System.nanoTime();
            Outcome made = jdistcc.userIn(ours)
                    .with(
                            "DISTCC_DIR",
                            Files.createDirectories(ours.resolve(".distcc")).toString())
                    .with("DISTCC_HOSTS", first.hostSpec("/1") + " " + second.hostSpec("/1"))
                    .with("DISTCC_FALLBACK", "0")
                    .with("DISTCC_VERBOSE", "1")
                    .withTimeout(Duration.ofMinutes(1))
                    .run(jdistcc.distcc().toString(), "gcc", "-c", "mine.c", "-o", "mine.o");
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals(0, made.exitCode(), made::toString);
            assertTrue(Files.size(ours.resolve("mine.o")) > 0);
            assertTrue(made.stderr().contains("invited by " + second.hostSpec("")), made::toString);
            // Ours went to the volunteer free first (this fails with both logs if it did not).
            second.awaitLog(
                    l -> l.contains(RemoteBuildTest.JDISTCC_OK) && l.contains("compiler=gcc"), Duration.ofSeconds(10));
            assertTrue(
                    first.logLines().stream()
                            .noneMatch(l -> l.contains(RemoteBuildTest.JDISTCC_OK) && l.contains("compiler=gcc")),
                    () -> "none went to the busy one:\n" + first.log());
            assertTrue(
                    tookMs < (LONG_SECONDS - SHORT_SECONDS) * 1000L,
                    "ours took " + tookMs + " ms: it did not wait behind the long compile");

            Outcome hosts = jdistcc.userIn(ours)
                    .with("DISTCC_DIR", ours.resolve(".distcc").toString())
                    .with("DISTCC_HOSTS", first.hostSpec("/1") + " " + second.hostSpec("/1"))
                    .run(jdistcc.distcc().toString(), "--show-hosts", "-v");
            assertTrue(hosts.stdout().contains(", waiting room for 8\t"), hosts::toString);

            assertEquals(0, longOne.join().exitCode(), () -> longOne.join().toString());
            assertEquals(0, shortOne.join().exitCode(), () -> shortOne.join().toString());
        }
    }

    private RunningDaemon sleepy(Installation jdistcc) throws IOException, InterruptedException {
        return DaemonSetup.installed(jdistcc)
                .jobs(1)
                .environment("DISTCCD_PATH", cc.daemonPath())
                .args("--sandbox-toolchain", cc.directory().toString())
                .start();
    }

    /** The other user: Debian's client, one compile to one volunteer. */
    private static Outcome theirCompile(Installation jdistcc, Path theirs, RunningDaemon daemon, String name) {
        try {
            return jdistcc.userIn(theirs)
                    .with(
                            "DISTCC_DIR",
                            Files.createDirectories(theirs.resolve(".distcc-" + name))
                                    .toString())
                    .with("DISTCC_HOSTS", daemon.hostSpec("/1"))
                    .with("DISTCC_FALLBACK", "0")
                    // distcc 3.4 would send cc as x86_64-linux-gnu-gcc (src/compile.c): keep it cc.
                    .with("DISTCC_NO_REWRITE_CROSS", "1")
                    .withTimeout(Duration.ofMinutes(1))
                    .run("/usr/bin/distcc", "cc", "-c", name + ".c", "-o", name + ".o");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Until the volunteer's one slot is taken by a sleeping compile. */
    private static void awaitSleeping(RunningDaemon daemon) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (daemon.compilers().stream()
                    .anyMatch(p -> p.info().command().orElse("").endsWith("/sleep"))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the other user's compile never started:\n" + daemon.log());
    }
}
