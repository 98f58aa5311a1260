package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotPickerTest {
    @TempDir
    Path dir;

    static HostSpec tcp(String name, int limit) {
        return new HostSpec.Tcp(name, 3632, limit, Compression.NONE, false);
    }

    /** A slot this process holds open is busy for the picker, as one another client holds is. */
    @Test
    void fillsSlotsRoundRobinAcrossHostsLikeDistcc() throws IOException {
        var picker = new SlotPicker(dir, Duration.ofSeconds(1));
        List<HostSpec> hosts = List.of(tcp("a", 2), tcp("b", 2));
        List<Slot> held = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Slot slot = picker.tryAcquire(hosts, Set.of());
            assertNotNull(slot);
            held.add(slot);
            order.add(((HostSpec.Tcp) slot.host()).host() + slot.index());
        }
        assertEquals(List.of("a0", "b0", "a1", "b1"), order);
        assertNull(picker.tryAcquire(hosts, Set.of()));
        assertTrue(Files.exists(dir.resolve("cpu_tcp_a_3632_1")));
        held.forEach(Slot::close);
    }

    @Test
    void skipsExcludedHosts() throws IOException {
        var picker = new SlotPicker(dir, Duration.ofSeconds(1));
        List<HostSpec> hosts = List.of(tcp("a", 1), tcp("b", 1));
        try (Slot slot = picker.tryAcquire(hosts, Set.of(hosts.getFirst()))) {
            assertEquals(hosts.get(1), slot.host());
        }
        assertNull(picker.acquire(hosts, Set.copyOf(hosts)));
    }

    @Test
    void waiterWakesAsSoonAsASlotIsReleasedNotAtTheBackstop() throws Exception {
        var picker = new SlotPicker(dir, Duration.ofSeconds(30));
        List<HostSpec> hosts = List.of(tcp("a", 1));
        Slot busy = picker.tryAcquire(hosts, Set.of());
        var waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return picker.acquire(hosts, Set.of());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(waiter.isDone());
        long released = System.nanoTime();
        busy.close();
        Slot got = waiter.get(10, TimeUnit.SECONDS);
        long waitedMs = (System.nanoTime() - released) / 1_000_000;
        assertNotNull(got);
        assertTrue(waitedMs < 5_000, "woke after " + waitedMs + " ms; the backstop is 30 s");
        got.close();
    }
}
