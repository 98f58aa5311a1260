package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
     * How often a waiting client's connection is looked at: a byte or the end there means it left
     * (it sends nothing until invited). A blocking read could not be woken for the invitation.
     */
    static final Duration LOOK = Duration.ofMillis(10);

    /** The longest an invited client may go quiet while it sends its request (the slot waits for it). */
    static final Duration QUIET_INVITED = Duration.ofSeconds(10);

    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int GONE = 2;

    private WaitingRoom() {}

    /** The read timeout of an invited client's request: {@link #QUIET_INVITED}, or a quarter of the request's. */
    static Duration quietInvited(ServingConfig config) {
        Duration quarter = config.requestTimeout().dividedBy(4);
        return quarter.compareTo(QUIET_INVITED) < 0 ? quarter : QUIET_INVITED;
    }

    /** How many clients may wait at once: four per compile slot, at least eight. */
    static int capacity(ServingConfig config) {
        SlotFigures figures = config.stats().slots();
        int jobs = figures != null ? figures.jobs() : config.compileSlots().availablePermits();
        return Math.max(8, 4 * jobs);
    }

    /**
     * Keeps {@code connection} waiting until a compile slot is held for it, then invites it; at most
     * {@code bound}, after which it is told {@code invited=no}.
     */
    static Visit wait(ServingConfig config, ClientConnection connection, Duration bound) throws IOException {
        Semaphore slots = config.compileSlots();
        if (freeNow(slots)) {
            return invite(config, connection);
        }
        if (!connection.timesReads() || !config.stats().enterRoom(capacity(config))) {
            return refuse(config, connection);
        }
        try {
            AtomicInteger state = new AtomicInteger(WAITING);
            Thread taker = Thread.ofVirtual().name("room-slot").start(() -> {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    return; // the client left first
                }
                if (!state.compareAndSet(WAITING, GRANTED)) {
                    slots.release();
                }
            });
            boolean left = watch(connection, state, System.nanoTime() + bound.toNanos());
            if (state.compareAndSet(WAITING, GONE)) {
                taker.interrupt();
                return left ? Visit.LEFT : refuse(config, connection);
            }
            if (left) {
                slots.release();
                return Visit.LEFT;
            }
            return invite(config, connection);
        } finally {
            config.stats().leaveRoom();
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

    /** Looks at the connection until a slot is granted or the time is up; true when the client left. */
    private static boolean watch(ClientConnection connection, AtomicInteger state, long until) throws IOException {
        connection.setReadTimeout(LOOK);
        while (state.get() == WAITING && System.nanoTime() < until) {
            try {
                connection.input().read();
                return true; // the end, or a byte before its invitation: either way it is not waiting
            } catch (SocketTimeoutException e) {
                // still there
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    private static Visit invite(ServingConfig config, ClientConnection connection) throws IOException {
        try {
            HelloAnswer.send(config, connection.output(), Map.of("invited", "yes"));
        } catch (IOException e) {
            config.compileSlots().release();
            throw e;
        }
        return Visit.INVITED;
    }

    private static Visit refuse(ServingConfig config, ClientConnection connection) throws IOException {
        HelloAnswer.send(config, connection.output(), Map.of("invited", "no"));
        return Visit.REFUSED;
    }
}
