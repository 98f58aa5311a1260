package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
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
 * Several clients, one farm (issue 16): another user, with Debian's distcc 3.4, keeps the volunteer
 * listed first busy with long compiles (its {@code cc} sleeps first), two running and the rest
 * queued by the daemon; our client, new to both volunteers (nothing learned, the volunteers' own
 * paces unknown), hears from the hellos that the first one is full with a queue and sends every
 * compile to the second, free one. distcc 3.4's client would take the first one's slots in list
 * order ({@code src/where.c}) and wait there behind the other user. The busy daemon never runs more
 * compilers than its {@code --jobs}, and /status shows its queue.
 */
@ExtendWith(RequiresInstallation.class)
class SharedFarmTest {
    static final int OURS = 8;
    static final int THEIRS = 6;
    static final int JOBS = 2;
    /** Long enough that the other user's compiles outlast our whole build on a loaded machine. */
    static final int HOG_SECONDS = 6;

    @TempDir
    Path dir;

    SleepyCc cc;

    @BeforeEach
    void sleepyCc() throws IOException {
        cc = SleepyCc.create(new SleepyCc.Rule("", HOG_SECONDS));
    }

    @AfterEach
    void removeCc() {
        cc.close();
    }

    @Test
    void aVolunteerAnotherUserKeepsBusyGetsNoneOfOurCompiles(Installation jdistcc) throws Exception {
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Path ours = Files.createDirectories(dir.resolve("ours"));
        writeProject(theirs, "hog", THEIRS);
        writeProject(ours, "f", OURS);
        int statsPort = FreePort.find();
        try (RunningDaemon busy = DaemonSetup.installed(jdistcc)
                        .jobs(JOBS)
                        .environment("DISTCCD_PATH", cc.daemonPath())
                        .args(
                                "--sandbox-toolchain",
                                cc.directory().toString(),
                                "--stats",
                                "--stats-port",
                                Integer.toString(statsPort))
                        .start();
                RunningDaemon free = DaemonSetup.installed(jdistcc).jobs(JOBS).start();
                HttpClient http = HttpClient.newHttpClient();
                // Not the common pool: on a 2-core machine it has one thread, which the watch keeps.
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicBoolean building = new AtomicBoolean(true);
            AtomicInteger mostAtOnce = new AtomicInteger();
            var watch = CompletableFuture.runAsync(
                    () -> {
                        while (building.get()) {
                            mostAtOnce.accumulateAndGet(compilersRunning(busy), Math::max);
                            sleep(20);
                        }
                    },
                    threads);
            // The other user: Debian's client, all its compiles to the busy volunteer at once.
            var other = CompletableFuture.supplyAsync(
                    () -> jdistcc.userIn(theirs)
                            .with("DISTCC_DIR", distccDir(theirs))
                            .with("DISTCC_HOSTS", busy.hostSpec("/" + THEIRS))
                            .with("DISTCC_FALLBACK", "0")
                            // distcc 3.4 would send cc as x86_64-linux-gnu-gcc (src/compile.c): keep it cc.
                            .with("DISTCC_NO_REWRITE_CROSS", "1")
                            .withTimeout(Duration.ofMinutes(2))
                            .run("make", "-j" + THEIRS, "CC=/usr/bin/distcc cc"),
                    threads);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String status = "";
                while (System.nanoTime() < deadline
                        && !(status = MonitoringTest.get(http, statsPort, "/status"))
                                .contains("\"free\":0,\"queued\":" + (THEIRS - JOBS))) {
                    sleep(50);
                }
                assertTrue(
                        status.contains("\"slots\":{\"jobs\":" + JOBS + ",\"free\":0,\"queued\":" + (THEIRS - JOBS)),
                        "the other user's compiles fill the first volunteer and queue there: " + status
                                + (other.isDone() ? "\nits make: " + other.join() : ""));

                // The other user's build has been going a while when ours starts.
                Thread.sleep(1000);
                Outcome made = jdistcc.userIn(ours)
                        .with("DISTCC_DIR", distccDir(ours))
                        .with("DISTCC_HOSTS", busy.hostSpec("/" + JOBS) + " " + free.hostSpec("/" + JOBS))
                        .with("DISTCC_FALLBACK", "0")
                        .withTimeout(Duration.ofMinutes(2))
                        .run("make", "-j4", "CC=" + jdistcc.distcc() + " gcc");
                assertEquals(0, made.exitCode(), made::toString);
                assertTrue(
                        free.awaitLines(RemoteBuildTest.JDISTCC_OK, OURS),
                        () -> "free:\n" + free.log() + "\nbusy:\n" + busy.log());
                assertEquals(
                        0,
                        busy.logLines().stream()
                                .filter(l -> l.contains(RemoteBuildTest.JDISTCC_OK) && l.contains("compiler=gcc"))
                                .count(),
                        "none of ours went to the busy volunteer:\n" + busy.log());

                Outcome theirMake = other.join();
                assertEquals(0, theirMake.exitCode(), theirMake::toString);
                assertTrue(busy.awaitLines(RemoteBuildTest.JDISTCC_OK, THEIRS), busy::log);
            } finally {
                building.set(false);
                watch.join();
            }
            assertTrue(mostAtOnce.get() >= 1, "the watch saw the other user's compiles");
            assertTrue(
                    mostAtOnce.get() <= JOBS,
                    "the busy volunteer ran " + mostAtOnce.get() + " compilers at once with --jobs " + JOBS);
        }
    }

    /** The other user's compiles asleep in their cc, and any cc1 or as, on the volunteer now. */
    private static int compilersRunning(RunningDaemon daemon) {
        int n = 0;
        for (ProcessHandle p : daemon.compilers()) {
            String command = p.info().command().orElse("");
            if (command.endsWith("/sleep") || command.endsWith("/cc1") || command.endsWith("/as")) {
                n++;
            }
        }
        return n;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each user's own DISTCC_DIR, made before its client runs (distcc 3.4 makes none). */
    private static String distccDir(Path project) {
        try {
            return Files.createDirectories(project.resolve(".distcc")).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeProject(Path where, String prefix, int files) throws IOException {
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            String name = String.format("%s%02d", prefix, i);
            Files.writeString(where.resolve(name + ".c"), """
                    int %s(int x) { return x * %d; }
                    """.formatted(name, i + 1));
            objects.add(name + ".o");
        }
        Files.writeString(where.resolve("Makefile"), """
                all: %s
                %%.o: %%.c
                \t$(CC) -O2 -c $< -o $@
                """.formatted(String.join(" ", objects)));
    }
}
