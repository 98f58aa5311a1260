package org.jdistcc.daemon.serving;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdistcc.daemon.net.ClientConnection;

/**
 * A bound on one phase of a connection: receiving the whole request, or having the reply read
 * ({@code --request-timeout} each). A per-read timeout alone lets a client that sends one byte a
 * second hold a connection for ever (slowloris), and writes have no timeout at all; this drops the
 * connection when the phase is not over in time.
 */
final class PhaseDeadline implements AutoCloseable {
    private enum State {
        ARMED,
        EXPIRED,
        DISARMED
    }

    /** One timer thread for all deadlines: a sleeping thread per phase cost more than the phase's work. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final AtomicReference<State> state = new AtomicReference<>(State.ARMED);
    private final ScheduledFuture<?> expiry;
    private volatile Runnable alsoOnExpiry = () -> {};

    private PhaseDeadline(ClientConnection connection, Duration timeout) {
        this.expiry = TIMER.schedule(
                () -> {
                    if (state.compareAndSet(State.ARMED, State.EXPIRED)) {
                        // Off the timer thread: a reset can block briefly, and other deadlines wait.
                        Thread.ofVirtual().start(() -> {
                            connection.abort();
                            alsoOnExpiry.run();
                        });
                    }
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * Also runs {@code action} when the deadline drops the connection (at once if it has): what the
     * phase may wait for besides the connection, e.g. a compiler that does not read its input.
     */
    void onExpiry(Runnable action) {
        alsoOnExpiry = action;
        if (expired()) {
            action.run();
        }
    }

    static PhaseDeadline arm(ClientConnection connection, Duration timeout) {
        return new PhaseDeadline(connection, timeout);
    }

    boolean expired() {
        return state.get() == State.EXPIRED;
    }

    /** Disarms; false when the deadline already dropped the connection. */
    boolean disarm() {
        boolean inTime = state.compareAndSet(State.ARMED, State.DISARMED);
        expiry.cancel(false);
        return inTime;
    }

    @Override
    public void close() {
        disarm();
    }

    private static ScheduledThreadPoolExecutor timer() {
        var timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("phase-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true); // a disarmed deadline leaves nothing queued for minutes
        return timer;
    }
}
