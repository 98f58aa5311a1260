package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.compilers.CompilerIdentities;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.net.SocketConnection;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.ServerInfo;
import org.jdistcc.daemon.status.SlotFigures;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The waiting room ({@link WaitingRoom}) through {@link CompileJob} on loopback sockets, with the
 * system's gcc: a client waits holding no job until the one compile slot is free, is invited, and
 * its job runs in the slot kept for it; a client that leaves gives its place, and its slot, back.
 */
class WaitingRoomTest {
    @TempDir
    Path temp;

    final Semaphore slots = new Semaphore(1, true);
    final List<Thread> jobs = new ArrayList<>();
    DaemonStats stats;
    ServingConfig config;
    ServerSocket server;

    @BeforeEach
    void daemon() throws IOException {
        Path dirs = Files.createDirectories(temp.resolve("jobs"));
        stats = new DaemonStats(new ServerInfo("test", "127.0.0.1", 0, 1, List.of("none"), List.of(), dirs));
        stats.slotsFrom(() -> new SlotFigures(
                1,
                slots.availablePermits(),
                Math.max(0, slots.getQueueLength() - stats.waiting()),
                stats.waiting(),
                Double.NaN,
                Double.NaN,
                Double.NaN));
        config = config(Duration.ofSeconds(30));
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    private ServingConfig config(Duration requestTimeout) {
        var whitelist = new CompilerWhitelist(temp.resolve("none"), Set.of("gcc"), false);
        var locator = new CompilerLocator(System.getenv("PATH"), temp.resolve("none"));
        return new ServingConfig(
                Limits.DEFAULT,
                requestTimeout,
                Duration.ZERO,
                whitelist,
                locator,
                new CompilerRunner(locator.searchPath()),
                slots,
                new JobDirs(temp.resolve("jobs")),
                1 << 20,
                new DefaultSearchPaths(),
                FileCache.disabled(),
                stats,
                new CompilerIdentities(whitelist, locator, System.getenv()),
                null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        for (Thread job : jobs) {
            assertTrue(job.join(Duration.ofSeconds(10)), "a job ended");
        }
    }

    /** A connection served by CompileJob on a virtual thread, as the daemon's listener does. */
    private Socket connect() throws IOException {
        var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept();
        jobs.add(Thread.ofVirtual().start(() -> {
            try (var connection = new SocketConnection(accepted)) {
                CompileJob.serve(config, connection, jobs.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        client.setSoTimeout(10_000);
        return client;
    }

    private static void sendWait(Socket client) throws IOException {
        OutputStream out = client.getOutputStream();
        MessageWriter.writeRequest(out, new Request(ProtocolVersion.WAIT, List.of()));
        out.flush();
    }

    private static Hello answer(Socket client) throws IOException {
        return new MessageReader(client.getInputStream(), Limits.DEFAULT).readHello();
    }

    /** Nothing arrives within {@code millis}: the client is still waiting. */
    private static void assertSilent(Socket client, int millis) throws IOException {
        client.setSoTimeout(millis);
        try {
            int b = client.getInputStream().read();
            throw new AssertionError("expected to wait, got " + b);
        } catch (SocketTimeoutException e) {
            // still waiting, as it should
        } finally {
            client.setSoTimeout(10_000);
        }
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stats.waiting() != n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, stats.waiting(), "clients in the room");
    }

    private void awaitFree(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (slots.availablePermits() != n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, slots.availablePermits(), "free slots");
    }

    @Test
    void aWaitingClientIsInvitedWhenTheSlotFreesAndItsJobRunsThere() throws Exception {
        slots.acquire(); // another client's compile
        try (Socket client = connect()) {
            sendWait(client);
            awaitWaiting(1);
            assertSilent(client, 300);
            assertEquals("1", stats.slots().waiting() + "", "a hello shows who waits");
            assertEquals(0, stats.slots().queued(), "a client waiting is not a job queued");

            slots.release();
            Hello invitation = answer(client);
            assertEquals("yes", invitation.facts().get("invited"));
            assertEquals("8", invitation.facts().get("room"));
            assertEquals(0, slots.availablePermits(), "the slot is kept for the invited client");
            awaitWaiting(0);

            OutputStream out = client.getOutputStream();
            MessageWriter.writeRequest(
                    out, new Request(ProtocolVersion.PLAIN, List.of("gcc", "-c", "room.c", "-o", "room.o")));
            MessageWriter.writePayload(
                    out,
                    Token.DOTI,
                    Compression.NONE,
                    new Payload.Bytes("int room(void) { return 1; }\n".getBytes(StandardCharsets.US_ASCII)));
            out.flush();
            Reply reply = new MessageReader(client.getInputStream(), Limits.DEFAULT)
                    .readReply(ProtocolVersion.PLAIN, temp.resolve("room.o"), temp);
            assertEquals(0, reply.exitStatus());
            assertTrue(Files.size(temp.resolve("room.o")) > 0, "the object came back");
        }
        awaitFree(1);
    }

    @Test
    void aClientThatLeavesTheRoomGivesItsPlaceAndTheSlotToTheNext() throws Exception {
        slots.acquire();
        try (Socket first = connect();
                Socket second = connect()) {
            sendWait(first);
            awaitWaiting(1);
            sendWait(second);
            awaitWaiting(2);
            first.close(); // invited elsewhere first
            awaitWaiting(1);
            slots.release();
            assertEquals("yes", answer(second).facts().get("invited"), "the second is next");
            assertEquals(0, slots.availablePermits());
        } // the invited one leaves without a job
        awaitFree(1);
        awaitWaiting(0);
    }

    @Test
    void aFreeSlotInvitesAtOnceAndAFullRoomSaysNo() throws Exception {
        try (Socket client = connect()) {
            sendWait(client);
            assertEquals("yes", answer(client).facts().get("invited"));
        }
        awaitFree(1);
        slots.acquire();
        List<Socket> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < WaitingRoom.capacity(config); i++) {
                Socket s = connect();
                waiting.add(s);
                sendWait(s);
            }
            awaitWaiting(WaitingRoom.capacity(config));
            try (Socket late = connect()) {
                sendWait(late);
                Hello no = answer(late);
                assertEquals("no", no.facts().get("invited"));
                assertEquals(-1, late.getInputStream().read(), "then the connection closes");
            }
            assertFalse(waiting.isEmpty());
        } finally {
            for (Socket s : waiting) {
                s.close();
            }
        }
        awaitWaiting(0);
        slots.release();
        assertEquals(1, slots.availablePermits(), "nobody left holding a slot");
    }

    @Test
    void anInvitedClientThatGoesQuietLosesItsSlot() throws Exception {
        config = config(Duration.ofSeconds(4)); // quiet for 1 s, where a request may take 4
        try (Socket client = connect()) {
            sendWait(client);
            assertEquals("yes", answer(client).facts().get("invited"));
            assertEquals(0, slots.availablePermits());
            long start = System.nanoTime();
            try {
                assertEquals(-1, client.getInputStream().read(), "dropped");
            } catch (java.net.SocketException reset) {
                // dropped by a reset: as well
            }
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(
                    waited >= 800 && waited < 3000, "dropped after " + waited + " ms, not at the request's deadline");
        }
        awaitFree(1);
    }

    @Test
    void aSecondWaitOnOneConnectionIsAProtocolError() throws Exception {
        try (Socket client = connect()) {
            sendWait(client);
            assertEquals("yes", answer(client).facts().get("invited"));
            sendWait(client);
            assertEquals(-1, client.getInputStream().read(), "closed without a word");
        }
        awaitFree(1);
    }
}
