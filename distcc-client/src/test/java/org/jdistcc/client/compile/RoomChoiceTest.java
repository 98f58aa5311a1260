package org.jdistcc.client.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.job.TestJob;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.scheduling.Backoff;
import org.jdistcc.client.scheduling.FinishFirst;
import org.jdistcc.client.scheduling.InFlight;
import org.jdistcc.client.scheduling.KnownVolunteers;
import org.jdistcc.client.scheduling.LearnedSpeeds;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which rooms a compile placed behind other clients' jobs waits in ({@link FirstInvitation}),
 * against scripted rooms on loopback: the placed volunteer invites after a while, another one at
 * once. The other is taken when it compiles about as fast, and not even asked when it is much slower.
 */
class RoomChoiceTest {
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10));

    @TempDir
    Path dir;

    final List<ServerSocket> servers = new ArrayList<>();
    final List<CompletableFuture<Boolean>> asked = new ArrayList<>();
    HostSpec.Tcp placed;
    HostSpec.Tcp other;
    LearnedSpeeds speeds;
    SlotPicker slots;
    HostDialects dialects;

    @BeforeEach
    void rooms() throws IOException {
        placed = room(Duration.ofMillis(600));
        other = room(Duration.ZERO);
        var known = new KnownVolunteers(dir, Clock.systemUTC());
        for (HostSpec h : List.of(placed, other)) {
            known.remember(
                    h, KnownVolunteers.Dialect.JDISTCC, ProtocolVersion.ALL_FEATURES.features(), Map.of("room", "8"));
        }
        dialects = new HostDialects(known, null);
        Log log = Log.toStderr(new TestJob(dir, Map.of()));
        // Both remembered: nothing is asked, and no settings are needed.
        dialects.learn(
                new HostList(List.of(placed, other), false, 2, 2),
                new Backoff(dir.resolve("lock"), Duration.ofSeconds(60), Clock.systemUTC()),
                null,
                log);
        speeds = new LearnedSpeeds(dir, Clock.systemUTC());
        slots = new SlotPicker(dir.resolve("lock"), Duration.ofSeconds(1));
    }

    @AfterEach
    void close() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    /** A room that invites {@code after} its client came; completes {@link #asked} when a client came. */
    private HostSpec.Tcp room(Duration after) throws IOException {
        var server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        servers.add(server);
        var came = new CompletableFuture<Boolean>();
        asked.add(came);
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                came.complete(true);
                InputStream in = s.getInputStream();
                in.readNBytes(12);
                Thread.sleep(after);
                MessageWriter.writeHello(
                        s.getOutputStream(), new Hello(ProtocolVersion.ALL_FEATURES, Map.of("invited", "yes")));
                s.getOutputStream().flush();
                in.readAllBytes();
            } catch (IOException | InterruptedException e) {
                came.complete(false);
            }
        });
        return new HostSpec.Tcp("127.0.0.1", server.getLocalPort(), 2, Compression.NONE, false);
    }

    private FinishFirst.Placed choose() throws IOException {
        var placer = new FinishFirst(slots, speeds, InFlight.HERE, Clock.systemUTC(), 2);
        var sender = new JobSender(TIMEOUTS, "ssh", Limits.DEFAULT);
        var rooms = new FirstInvitation(
                slots, placer, dialects, sender, TIMEOUTS, Log.toStderr(new TestJob(dir, Map.of())));
        Slot slot = slots.tryAcquire(List.of(placed), Set.of());
        // Placed behind other clients' jobs: expected twice its own time there.
        var first = new FinishFirst.Placed(slot, Duration.ofSeconds(2), 2);
        FinishFirst.Placed chosen = rooms.await(first, List.of(placed, other), Set.of(), 10, () -> {});
        sender.decline();
        chosen.slot().close();
        return chosen;
    }

    @Test
    void anotherAsFastThatInvitesFirstGetsTheCompile() throws Exception {
        speeds.observe(placed, 10, Duration.ofMillis(1000));
        speeds.observe(other, 10, Duration.ofMillis(1200));
        FinishFirst.Placed chosen = choose();
        assertEquals(other, chosen.slot().host());
        assertEquals(1, chosen.crowding(), 1e-9, "no queue where a slot is kept for it");
        assertTrue(asked.get(0).get(5, TimeUnit.SECONDS), "it waited in the placed one's room too");
    }

    @Test
    void aMuchSlowerOneIsNotWaitedForThoughItWouldInviteAtOnce() throws Exception {
        speeds.observe(placed, 10, Duration.ofMillis(400));
        speeds.observe(other, 10, Duration.ofMillis(1600));
        FinishFirst.Placed chosen = choose();
        assertEquals(placed, chosen.slot().host());
        assertSame(Boolean.TRUE, asked.get(0).get(5, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertTrue(!asked.get(1).isDone(), "the slow one's room was never entered");
    }
}
