package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.daemon.net.ClientConnection;
import org.jdistcc.daemon.status.SlotFigures;

/**
 * distcc's TODO "waiting room": a jdistcc client waits here holding only a connection, no job,
 * until a compile slot is free; the slot is then kept for it and it is invited ({@code
 * invited=yes} in a hello's answer), and its job follows on the same connection. A client may wait
 * at several volunteers at once and take the first invitation: it leaves the others, and the slot
 * kept for it there goes to the next in line. So a client commits a compile at the last moment to
 * the volunteer that is free first, and its input is never queued behind other clients' jobs.
 *
 * <p>Waiting clients queue for the same slots as jobs do, in arrival order (the slots' semaphore is
 * fair). The room holds at most {@link #capacity} clients; past that, or where a leaving client
 * cannot be noticed (stdin under ssh), a client is told {@code invited=no} at once.
 */
final class WaitingRoom {
    /** How a visit ended. */
    enum Visit {
        /** A slot is held for the job to follow; the caller releases it when the job ends. */
        INVITED,
        /** Told {@code invited=no}: the room is full, or no slot was free in time. */
        REFUSED,
        /** The client left, or spoke out of turn, before a slot was free. */
        LEFT
    }

    /**
     * How long a waiting client's connection is read for at a time before the room's bound is
     * looked at. Its leaving is seen at once (the read ends); its invitation is sent by the thread
     * that took the slot, so neither waits for this.
     */
    static final Duration LOOK = Duration.ofSeconds(1);

    /** The longest an invited client may go quiet while it sends its request (the slot waits for it). */
    static final Duration QUIET_INVITED = Duration.ofSeconds(10);

    /** Waiting for a slot. */
    private static final int WAITING = 0;
    /** A slot is held for the client; its invitation is being sent. */
    private static final int GRANTED = 1;
    /** The invitation is sent: the client's next byte begins its job. */
    private static final int SENT = 2;
    /** The client left before a slot was free, or the room's bound passed. */
    private static final int GONE = 3;

    private WaitingRoom() {}

    /** The read timeout of an invited client's request: {@link #QUIET_INVITED}, or a quarter of the request's. */
    static Duration quietInvited(ServingConfig config) {
        Duration quarter = config.requestTimeout().dividedBy(4);
        return quarter.compareTo(QUIET_INVITED) < 0 ? quarter : QUIET_INVITED;
    }

    /** How many clients may wait at once: four per compile slot, at least eight. */
    static int capacity(ServingConfig config) {
        return capacity(config.stats().slots(), config);
    }

    /** {@link #capacity(ServingConfig)} from the slot figures a hello has already made (or null). */
    static int capacity(SlotFigures figures, ServingConfig config) {
        int jobs = figures != null ? figures.jobs() : config.compileSlots().availablePermits();
        return Math.max(8, 4 * jobs);
    }

    /**
     * Keeps {@code connection} waiting until a compile slot is held for it, then invites it; at most
     * {@code bound}, after which it is told {@code invited=no}. On {@link Visit#INVITED} the caller
     * holds the slot, and the connection's next byte is the job's first.
     */
    static Visit wait(ServingConfig config, ClientConnection connection, Duration bound) throws IOException {
        Semaphore slots = config.compileSlots();
        if (freeNow(slots)) {
            return invite(config, connection);
        }
        if (!connection.timesReads() || !config.stats().enterRoom(capacity(config))) {
            return refuse(config, connection);
        }
        AtomicInteger state = new AtomicInteger(WAITING);
        // Out of the room once a slot is its, or it left: whichever comes first counts.
        AtomicBoolean inRoom = new AtomicBoolean(true);
        Runnable leave = () -> {
            if (inRoom.compareAndSet(true, false)) {
                config.stats().leaveRoom();
            }
        };
        Thread taker = Thread.ofVirtual().name("room-slot").start(() -> takeSlot(config, connection, state, leave));
        boolean handedOver = false;
        try {
            Visit visit = watch(config, connection, state, taker, System.nanoTime() + bound.toNanos());
            handedOver = visit == Visit.INVITED;
            return visit;
        } finally {
            if (!handedOver) {
                // Left, refused, or an error while watching: whatever slot the taker has goes back.
                switch (state.getAndSet(GONE)) {
                    case WAITING -> taker.interrupt(); // not taken yet; a slot it gets now it gives back
                    case GRANTED, SENT -> slots.release();
                    default -> {} // refused at the bound: the taker was stopped then
                }
            }
            leave.run();
        }
    }

    /** A slot free now, and nobody queued before us: tryAcquire() alone would barge ahead of them. */
    private static boolean freeNow(Semaphore slots) {
        try {
            return slots.tryAcquire(0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The room's slot taker: waits its turn, then, if the client is still there, sends the invitation. */
    private static void takeSlot(
            ServingConfig config, ClientConnection connection, AtomicInteger state, Runnable leave) {
        try {
            config.compileSlots().acquire();
        } catch (InterruptedException e) {
            return; // the client left first
        }
        if (!state.compareAndSet(WAITING, GRANTED)) {
            config.compileSlots().release();
            return;
        }
        leave.run();
        try {
            HelloAnswer.send(config, connection.output(), Map.of("invited", "yes"));
            state.compareAndSet(GRANTED, SENT);
        } catch (IOException e) {
            // The client is gone: the watch sees its connection end and gives the slot back.
        }
    }

    /**
     * Reads the waiting client: its end (it left, invited elsewhere first) or a byte before its
     * invitation ends the visit; a byte after it is its job's first, given back to be read again.
     */
    private static Visit watch(
            ServingConfig config, ClientConnection connection, AtomicInteger state, Thread taker, long until)
            throws IOException {
        connection.setReadTimeout(LOOK);
        long quietUntil = Long.MAX_VALUE;
        while (true) {
            int b;
            try {
                b = connection.input().read();
            } catch (SocketTimeoutException e) {
                long now = System.nanoTime();
                int seen = state.get();
                if (seen == SENT && quietUntil == Long.MAX_VALUE) {
                    quietUntil = now + quietInvited(config).toNanos();
                }
                if (now >= quietUntil) {
                    return Visit.LEFT; // invited, and quiet since
                }
                if (seen == WAITING && now >= until && state.compareAndSet(WAITING, GONE)) {
                    taker.interrupt();
                    return refuse(config, connection);
                }
                continue;
            } catch (IOException e) {
                b = -1;
            }
            if (b >= 0 && state.get() == GRANTED) {
                // The client may answer before the taker has marked its invitation sent.
                awaitTaker(taker);
            }
            if (b >= 0 && state.get() == SENT) {
                connection.unread(b);
                return Visit.INVITED;
            }
            return Visit.LEFT;
        }
    }

    private static void awaitTaker(Thread taker) {
        try {
            taker.join(LOOK);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Visit invite(ServingConfig config, ClientConnection connection) throws IOException {
        boolean sent = false;
        try {
            HelloAnswer.send(config, connection.output(), Map.of("invited", "yes"));
            sent = true;
        } finally {
            if (!sent) {
                config.compileSlots().release();
            }
        }
        return Visit.INVITED;
    }

    /** Tells the client {@code invited=no}; the connection then ends. */
    static Visit refuse(ServingConfig config, ClientConnection connection) throws IOException {
        HelloAnswer.send(config, connection.output(), Map.of("invited", "no"));
        return Visit.REFUSED;
    }
}
