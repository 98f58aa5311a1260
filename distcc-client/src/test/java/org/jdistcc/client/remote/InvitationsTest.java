package org.jdistcc.client.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Waiting in several rooms at once, against scripted volunteers on loopback: each reads the wait
 * request, answers after a delay it is given, and reports what became of the connection.
 */
class InvitationsTest {
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10));

    private final List<ServerSocket> servers = new java.util.ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    /** What a scripted room saw: the request's bytes, and whether the client then left (read its end). */
    record Seen(String request, boolean left, byte[] after) {}

    /** A room that answers {@code invited} after {@code delay}, then reads what follows until the end. */
    private HostSpec.Tcp room(String invited, Duration delay, CompletableFuture<Seen> seen) throws IOException {
        var server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        servers.add(server);
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                String request = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                Thread.sleep(delay);
                try {
                    MessageWriter.writeHello(
                            s.getOutputStream(),
                            new Hello(ProtocolVersion.ALL_FEATURES, Map.of("invited", invited, "room", "8")));
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    seen.complete(new Seen(request, true, new byte[0])); // already gone
                    return;
                }
                byte[] after;
                try {
                    after = in.readAllBytes();
                } catch (IOException e) {
                    after = new byte[0]; // reset: the client had left before the answer
                }
                seen.complete(new Seen(request, true, after));
            } catch (IOException | InterruptedException e) {
                seen.completeExceptionally(e);
            }
        });
        return new HostSpec.Tcp("127.0.0.1", server.getLocalPort(), 2, Compression.NONE, false);
    }

    @Test
    void theFirstToInviteGetsTheJobAndTheOthersAreLeft() throws Exception {
        var slowSeen = new CompletableFuture<Seen>();
        var fastSeen = new CompletableFuture<Seen>();
        HostSpec.Tcp slow = room("yes", Duration.ofMillis(1500), slowSeen);
        HostSpec.Tcp fast = room("yes", Duration.ofMillis(100), fastSeen);

        long start = System.nanoTime();
        try (Invitations.Invited invited = Invitations.first(List.of(slow, fast), Duration.ofSeconds(5), TIMEOUTS)) {
            long took = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(invited);
            assertEquals(fast, invited.host());
            assertEquals("yes", invited.facts().get("invited"));
            assertTrue(took < 1400, "invited after " + took + " ms, before the slow room answered");
            invited.link().out().write("DIST00000001".getBytes(StandardCharsets.US_ASCII));
            invited.link().out().flush();
        }
        Seen atFast = fastSeen.get(10, TimeUnit.SECONDS);
        assertEquals("DIST6a640040", atFast.request());
        assertArrayEquals(
                "DIST00000001".getBytes(StandardCharsets.US_ASCII), atFast.after(), "the job goes on its connection");
        Seen atSlow = slowSeen.get(10, TimeUnit.SECONDS);
        assertEquals("DIST6a640040", atSlow.request());
        assertEquals(0, atSlow.after().length, "the slow room's client left without a word");
    }

    @Test
    void aRoomThatSaysNoOrIsNotThereLeavesTheOthers() throws Exception {
        var noSeen = new CompletableFuture<Seen>();
        var yesSeen = new CompletableFuture<Seen>();
        HostSpec.Tcp no = room("no", Duration.ZERO, noSeen);
        HostSpec.Tcp yes = room("yes", Duration.ofMillis(300), yesSeen);
        int closedPort;
        try (var gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        var nobody = new HostSpec.Tcp("127.0.0.1", closedPort, 2, Compression.NONE, false);
        try (Invitations.Invited invited =
                Invitations.first(List.of(nobody, no, yes), Duration.ofSeconds(5), TIMEOUTS)) {
            assertNotNull(invited);
            assertEquals(yes, invited.host());
        }
        assertTrue(noSeen.get(10, TimeUnit.SECONDS).left());
    }

    @Test
    void noInvitationInTimeLeavesEveryRoom() throws Exception {
        var aSeen = new CompletableFuture<Seen>();
        var bSeen = new CompletableFuture<Seen>();
        HostSpec.Tcp a = room("yes", Duration.ofSeconds(3), aSeen);
        HostSpec.Tcp b = room("yes", Duration.ofSeconds(3), bSeen);
        long start = System.nanoTime();
        assertNull(Invitations.first(List.of(a, b), Duration.ofMillis(300), TIMEOUTS));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took >= 290 && took < 2500, "gave up after " + took + " ms");
        assertEquals(0, aSeen.get(10, TimeUnit.SECONDS).after().length);
        assertEquals(0, bSeen.get(10, TimeUnit.SECONDS).after().length);
    }

    /** An abandoned compile's thread is interrupted: the wait ends at once, not at its bound. */
    @Test
    void anInterruptEndsTheWait() throws Exception {
        var seen = new CompletableFuture<Seen>();
        HostSpec.Tcp a = room("yes", Duration.ofSeconds(2), seen);
        var result = new CompletableFuture<Invitations.Invited>();
        Thread waiter = Thread.ofPlatform()
                .start(() -> result.complete(Invitations.first(List.of(a), Duration.ofSeconds(30), TIMEOUTS)));
        Thread.sleep(300);
        long start = System.nanoTime();
        waiter.interrupt();
        assertNull(result.get(5, TimeUnit.SECONDS));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 2000, "ended " + took + " ms after the interrupt");
        assertEquals(0, seen.get(10, TimeUnit.SECONDS).after().length, "and the room was left");
    }
}
