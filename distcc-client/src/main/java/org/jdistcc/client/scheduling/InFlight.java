package org.jdistcc.client.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiles this JVM has running, per host, with when each is expected to end: in the client
 * agent, all of a build's compiles. What another process holds shows only as a busy lock file, with
 * no end; this is what lets a waiting compile see that the fast host frees a slot before a slow one
 * would finish it. Released tickets wake whoever waits for a slot.
 */
public final class InFlight {
    /** The preprocessors this JVM runs, which load this machine. */
    public static final String PREPROCESSORS = "cpp";

    /**
     * This JVM's: compiles are counted where they run, whichever {@code Compilation} started them
     * (a per-compile object in the agent), as SlotPicker's held locks are.
     */
    public static final InFlight HERE = new InFlight();

    private final Map<String, List<Ticket>> running = new ConcurrentHashMap<>();
    private final Object changed = new Object();

    InFlight() {}

    /** One running compile. */
    public final class Ticket implements AutoCloseable {
        private final String host;
        private final Instant started;
        private volatile Instant expectedEnd;

        private Ticket(String host, Instant started, Instant expectedEnd) {
            this.host = host;
            this.started = started;
            this.expectedEnd = expectedEnd;
        }

        public Instant started() {
            return started;
        }

        public Instant expectedEnd() {
            return expectedEnd;
        }

        @Override
        public void close() {
            List<Ticket> list = running.get(host);
            if (list != null) {
                synchronized (list) {
                    list.remove(this);
                }
            }
            wakeWaiters();
        }
    }

    /** Registers a compile on {@code hostKey} (a lock name) started now, expected to end at {@code end}. */
    public Ticket start(String hostKey, Instant now, Instant end) {
        var ticket = new Ticket(hostKey, now, end);
        List<Ticket> list = running.computeIfAbsent(hostKey, k -> new ArrayList<>());
        synchronized (list) {
            list.add(ticket);
        }
        return ticket;
    }

    /** The expected ends of the compiles running on {@code hostKey}, earliest first. */
    public List<Instant> expectedEnds(String hostKey) {
        List<Ticket> list = running.get(hostKey);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return list.stream().map(Ticket::expectedEnd).sorted().toList();
        }
    }

    public int count(String hostKey) {
        List<Ticket> list = running.get(hostKey);
        if (list == null) {
            return 0;
        }
        synchronized (list) {
            return list.size();
        }
    }

    /** Wakes compiles waiting for a slot: one was released here. */
    void wakeWaiters() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Waits at most {@code millis} for a release in this JVM (another process's is seen by polling). */
    void awaitRelease(long millis) throws InterruptedException {
        if (millis <= 0) {
            return;
        }
        synchronized (changed) {
            changed.wait(millis);
        }
    }
}
