package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Notices a client that goes away while its job waits or compiles, and interrupts the job at
 * once. distcc 3.4 polls the socket every second for the same purpose ({@code src/serve.c:
 * dcc_collect_child}); a blocking read on a virtual thread costs nothing while it waits.
 *
 * <p>A client that sends anything after its request is treated as gone too: distcc's clients never
 * do, and the daemon will not buffer what it never reads.
 */
final class ClientWatch implements AutoCloseable {
    private enum State {
        WATCHING,
        GONE,
        FINISHED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.WATCHING);
    private final Thread job;

    private ClientWatch(Thread job) {
        this.job = job;
    }

    static ClientWatch start(InputStream rest, String name) {
        var watch = new ClientWatch(Thread.currentThread());
        Thread.ofVirtual().name(name).start(() -> watch.watch(rest));
        return watch;
    }

    private void watch(InputStream rest) {
        while (state.get() == State.WATCHING) {
            try {
                rest.read();
                break;
            } catch (SocketTimeoutException e) {
                // the read timeout of the request phase: keep waiting
            } catch (IOException e) {
                break;
            }
        }
        if (state.compareAndSet(State.WATCHING, State.GONE)) {
            job.interrupt();
        }
    }

    /**
     * Stops watching before the reply is written. False when the client is already gone; then the
     * job thread's interrupt flag is cleared, so the caller can still clean up.
     */
    boolean finish() {
        if (state.compareAndSet(State.WATCHING, State.FINISHED) || state.get() == State.FINISHED) {
            return true;
        }
        Thread.interrupted();
        return false;
    }

    /** Stops watching, if {@link #finish()} has not: the job ends without a reply. */
    @Override
    public void close() {
        finish();
    }
}
