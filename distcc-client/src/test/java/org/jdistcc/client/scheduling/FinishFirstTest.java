package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real lock files and the real clock; paces are written as clients learn them. */
class FinishFirstTest {
    static final HostSpec FAST = tcp("fast", 1);
    static final HostSpec SLOW = tcp("slow", 2);

    @TempDir
    Path dir;

    final InFlight running = new InFlight();

    static HostSpec tcp(String name, int limit) {
        return new HostSpec.Tcp(name, 3632, limit, Compression.NONE, false);
    }

    FinishFirst placer(LearnedSpeeds speeds) {
        return new FinishFirst(
                new SlotPicker(dir.resolve("lock"), Duration.ofSeconds(1)), speeds, running, Clock.systemUTC(), 2);
    }

    LearnedSpeeds paces(double fastMs, double slowMs) {
        var speeds = new LearnedSpeeds(dir, Clock.systemUTC());
        speeds.observe(FAST, 10, Duration.ofNanos((long) (fastMs * 10e6)));
        speeds.observe(SLOW, 10, Duration.ofNanos((long) (slowMs * 10e6)));
        return speeds;
    }

    @Test
    void placesACompileOnTheHostThatFinishesItFirstWhateverTheListOrder() throws Exception {
        var placer = placer(paces(10, 80));
        try (var placed =
                placer.acquire(List.of(SLOW, FAST), Set.of(), 20, null).slot()) {
            assertEquals(FAST, placed.host());
            assertEquals(1, running.count(FAST.lockName()), "counted as running there until released");
        }
        assertEquals(0, running.count(FAST.lockName()));
    }

    @Test
    void waitsForTheFastHostsSlotAndTakesItTheMomentItIsReleased() throws Exception {
        var speeds = paces(10, 80);
        var placer = placer(speeds);
        // Our own compile on the fast host, expected to end in 150 ms: 150 + 100 ms beats 800 ms.
        var busy = placer.acquire(List.of(FAST), Set.of(), 15, null).slot();
        AtomicBoolean waited = new AtomicBoolean();
        var waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return placer.acquire(List.of(FAST, SLOW), Set.of(), 10, () -> waited.set(true));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(waiter.isDone(), "it waits rather than start on the slow host");
        busy.close();
        var placed = waiter.get(10, TimeUnit.SECONDS);
        assertEquals(FAST, placed.slot().host());
        assertTrue(waited.get());
        placed.slot().close();
    }

    @Test
    void aFastHostAnotherClientFillsIsWaitedForOnlyWhileThatStillPays() throws Exception {
        var placer = placer(paces(10, 25));
        var picker = new SlotPicker(dir.resolve("lock"), Duration.ofSeconds(1));
        // Held like another process's lock: no compile of ours is counted there.
        try (Slot foreign = picker.tryAcquire(List.of(FAST), Set.of())) {
            long start = System.nanoTime();
            var placed = placer.acquire(List.of(FAST, SLOW), Set.of(), 20, null);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(SLOW, placed.slot().host(), "500 ms on the slow host beats the fast one's unknown end");
            assertTrue(waitedMs >= 90, "it waited for the fast host first: " + waitedMs + " ms");
            placed.slot().close();
        }
    }

    @Test
    void aHostNobodyMeasuredIsAssumedFasterThanTheFastestSoItIsTried() {
        var speeds = paces(10, 30);
        var placer = placer(speeds);
        var unknown = tcp("new", 2);
        Map<HostSpec, LearnedSpeeds.Pace> known = Map.of(FAST, speeds.get(FAST), SLOW, speeds.get(SLOW));
        assertEquals(90, placer.estimate(unknown, 10, known).toMillis(), "0.9 of the fastest, 10 ms per unit");
        assertEquals(
                270,
                placer.estimate(unknown, 10, Map.of(SLOW, speeds.get(SLOW))).toMillis(),
                "tried before a slow host measured alone");
        assertEquals(200, placer.estimate(unknown, 10, Map.of()).toMillis(), "nothing measured: 20 ms per unit");
    }

    @Test
    void thisMachineIsSlowedByItsOwnPreprocessorsAndAFullVolunteerByItsQueue() {
        var speeds = paces(10, 10);
        var placer = placer(speeds);
        var here = new HostSpec.Local(2);
        speeds.observe(here, 10, Duration.ofMillis(100));
        try (var cpp = running.start(InFlight.PREPROCESSORS, Instant.now(), Instant.now())) {
            assertEquals(
                    150,
                    placer.estimate(here, 10, Map.of(here, speeds.get(here))).toMillis(),
                    "1 of 2 cores");
        }
        speeds.report(FAST, 0, 2, 1, 3, Double.NaN, Double.NaN);
        assertEquals(
                400,
                placer.estimate(FAST, 10, Map.of(FAST, speeds.get(FAST))).toMillis(),
                "one running and two queued ahead of it, all other clients'");
    }

    @Test
    void aFastVolunteerOtherClientsKeepBusyIsPlacedAsSlowAsItIs() throws Exception {
        var fast = tcp("fast", 2);
        var speeds = new LearnedSpeeds(dir, Clock.systemUTC());
        speeds.observe(fast, 10, Duration.ofMillis(100));
        speeds.observe(SLOW, 10, Duration.ofMillis(200));
        var placer = placer(speeds);
        try (var placed =
                placer.acquire(List.of(fast, SLOW), Set.of(), 10, null).slot()) {
            assertEquals(fast, placed.host(), "idle, the fast one");
        }
        // Its two slots run other users' compiles and two more wait: ours would be the fifth of
        // five sharing two slots, 2.5 times its pace.
        speeds.report(fast, 0, 2, 2, 4, Double.NaN, Double.NaN);
        var placed = placer.acquire(List.of(fast, SLOW), Set.of(), 10, null);
        try (var slot = placed.slot()) {
            assertEquals(SLOW, slot.host(), "busy, the slow one that is free");
            assertEquals(1, placed.crowding(), 1e-9);
        }
        assertEquals(
                250, placer.estimate(fast, 10, Map.of(fast, speeds.get(fast))).toMillis());
        try (var ours = running.start(fast.lockName(), Instant.now(), Instant.now())) {
            assertEquals(
                    300,
                    placer.estimate(fast, 10, Map.of(fast, speeds.get(fast))).toMillis(),
                    "our own compile there shares its slots too");
        }
        // It said its compiles take a second each (or that those running have run that long):
        // three ahead of ours on two slots, a second and a half before ours starts.
        speeds.report(fast, 0, 2, 2, 4, 1000, Double.NaN);
        assertEquals(
                1600, placer.estimate(fast, 10, Map.of(fast, speeds.get(fast))).toMillis());
        assertEquals(16, placer.crowding(fast, 10, Map.of(fast, speeds.get(fast))), 1e-9);
    }

    @Test
    void aVolunteerNobodyMeasuredHereIsJudgedByThePaceItSaid() {
        var placer = placer(new LearnedSpeeds(dir, Clock.systemUTC()));
        var quick = tcp("quick", 2);
        var quarter = tcp("quarter", 2);
        var speeds = new LearnedSpeeds(dir, Clock.systemUTC());
        speeds.report(quick, 2, 0, 2, 0, Double.NaN, 5);
        speeds.report(quarter, 2, 0, 2, 0, Double.NaN, 20);
        Map<HostSpec, LearnedSpeeds.Pace> said = Map.of(quick, speeds.get(quick), quarter, speeds.get(quarter));
        assertEquals(200, placer.estimate(quick, 10, said).toMillis(), "the fastest that said: the usual prior");
        assertEquals(800, placer.estimate(quarter, 10, said).toMillis(), "four times its pace");
        speeds.observe(quick, 10, Duration.ofMillis(30));
        said = Map.of(quick, speeds.get(quick), quarter, speeds.get(quarter));
        assertEquals(120, placer.estimate(quarter, 10, said).toMillis(), "four times what we measured of the other");
    }

    @Test
    void nothingToPlaceWhenEveryCandidateIsExcluded() throws Exception {
        assertNull(placer(paces(1, 1)).acquire(List.of(FAST), Set.of(FAST), 1, null));
    }
}
