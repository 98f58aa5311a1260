package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;

class PlacementTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final HostSpec FAST = tcp("fast", 2);
    static final HostSpec SLOW = tcp("slow", 2);
    static final HostSpec OTHER = tcp("other", 2);

    static HostSpec tcp(String name, int limit) {
        return new HostSpec.Tcp(name, 3632, limit, Compression.NONE, false);
    }

    static Instant in(long ms) {
        return NOW.plusMillis(ms);
    }

    static Placement.Option option(HostSpec host, long runMs, Instant... ownEnds) {
        return new Placement.Option(host, Duration.ofMillis(runMs), List.of(ownEnds), null);
    }

    static List<HostSpec> hosts(Placement.Plan plan) {
        return plan.tryNow().stream().map(Placement.Option::host).toList();
    }

    @Test
    void waitsForTheFastHostsNextSlotRatherThanStartWhereItWouldEndLater() {
        var plan = Placement.plan(NOW, List.of(option(FAST, 200, in(100), in(300)), option(SLOW, 2000)));
        assertEquals(List.of(), hosts(plan), "2000 ms on the slow host against 100 + 200 ms on the fast one");
        assertEquals(in(100), plan.waitUntil());
        assertEquals(FAST, plan.bestFull().host());
    }

    @Test
    void takesASlowerHostWhenItStillFinishesFirst() {
        var plan = Placement.plan(NOW, List.of(option(FAST, 1000, in(900), in(950)), option(SLOW, 1500)));
        assertEquals(List.of(SLOW), hosts(plan), "1500 ms from now against 900 + 1000 ms");
    }

    @Test
    void triesFreeHostsInTheOrderTheyWouldFinish() {
        var plan = Placement.plan(NOW, List.of(option(SLOW, 300), option(FAST, 100), option(OTHER, 200)));
        assertEquals(List.of(FAST, OTHER, SLOW), hosts(plan));
    }

    @Test
    void aHostWithOneOfItsSlotsFreeIsOpen() {
        var plan = Placement.plan(NOW, List.of(option(FAST, 200, in(5000)), option(SLOW, 2000)));
        assertEquals(List.of(FAST, SLOW), hosts(plan));
    }

    @Test
    void anOverdueCompileGoesOnAsLongAgainAsItIsLate() {
        assertEquals(in(100), Placement.release(NOW, option(FAST, 1000, in(-50), in(-10))), "a tenth at least");
        assertEquals(in(500), Placement.release(NOW, option(FAST, 1000, in(-500), in(-100))));
    }

    @Test
    void aHostOtherProcessesFillFreesHalfACompileAfterItWasFoundFull() {
        var full = new Placement.Option(FAST, Duration.ofMillis(400), List.of(), in(-50));
        assertEquals(in(150), Placement.release(NOW, full));
        var longFull = new Placement.Option(FAST, Duration.ofMillis(400), List.of(), in(-1000));
        assertEquals(in(800), Placement.release(NOW, longFull), "800 ms late: as long again");
        var plan = Placement.plan(NOW, List.of(full, option(SLOW, 700)));
        assertEquals(List.of(), hosts(plan), "150 + 400 ms beats 700 ms");
        var alsoOurs = new Placement.Option(FAST, Duration.ofMillis(400), List.of(in(20)), in(-50));
        assertEquals(in(20), Placement.release(NOW, alsoOurs), "our own compile there ends sooner");
    }

    @Test
    void withEveryHostFullItWaitsForTheFirstToFinishTheCompile() {
        var plan = Placement.plan(NOW, List.of(option(tcp("a", 1), 1000, in(100)), option(tcp("b", 1), 100, in(500))));
        assertTrue(plan.tryNow().isEmpty());
        assertEquals(in(500), plan.waitUntil(), "b ends it at 600 ms, a at 1100 ms");
    }
}
