package org.jdistcc.daemon.serving;

import java.time.Duration;
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

    private final AtomicReference<State> state = new AtomicReference<>(State.ARMED);
    private final Thread timer;

    private PhaseDeadline(ClientConnection connection, Duration timeout) {
        this.timer = Thread.ofVirtual().unstarted(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException e) {
                return;
            }
            if (state.compareAndSet(State.ARMED, State.EXPIRED)) {
                connection.abort();
            }
        });
    }

    static PhaseDeadline arm(ClientConnection connection, Duration timeout) {
        var deadline = new PhaseDeadline(connection, timeout);
        deadline.timer.start();
        return deadline;
    }

    boolean expired() {
        return state.get() == State.EXPIRED;
    }

    /** Disarms; false when the deadline already dropped the connection. */
    boolean disarm() {
        boolean inTime = state.compareAndSet(State.ARMED, State.DISARMED);
        timer.interrupt();
        return inTime;
    }

    @Override
    public void close() {
        disarm();
    }
}
