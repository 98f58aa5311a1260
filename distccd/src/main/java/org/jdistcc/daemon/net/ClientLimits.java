package org.jdistcc.daemon.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code --max-jobs-per-client} and {@code --max-bytes-per-minute}: what one client may have open
 * and send, decided when it connects, before anything is read. A client is its address, an IPv6 one
 * its /64 (one host gets a whole /64 and can pick any address in it). A connection over a limit is
 * still served far enough to be answered: {@code CompileJob} reads its head, drops its input and
 * replies distcc's {@code EXIT_BUSY} (114), on which distcc 3.4's client backs the volunteer off and
 * compiles locally, and jdistcc's tries another volunteer; nothing is stored, decompressed or run.
 *
 * <p>Bytes are counted when a connection closes (every byte it sent, answered or refused), over the
 * last 60 seconds in one-second steps: a client can go over by what its open connections carry.
 */
public final class ClientLimits {
    /** No limit: every client admitted, nothing tracked. */
    public static final ClientLimits NONE = new ClientLimits(0, 0, System::nanoTime);

    private static final int WINDOW_SECONDS = 60;
    private static final long SECOND = 1_000_000_000L;
    /** Beyond this many clients tracked, idle ones are dropped first. */
    private static final int PRUNE_ABOVE = 4096;

    private final int maxJobs;
    private final long maxBytesPerMinute;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Usage> clients = new HashMap<>();

    /**
     * @param maxJobs connections one client may have open; 0 for no limit
     * @param maxBytesPerMinute bytes one client may have sent in the last minute; 0 for no limit
     */
    public ClientLimits(int maxJobs, long maxBytesPerMinute, LongSupplier nanoTime) {
        this.maxJobs = maxJobs;
        this.maxBytesPerMinute = maxBytesPerMinute;
        this.nanoTime = nanoTime;
    }

    /** What one client has open and has sent, per second of the last minute. */
    private static final class Usage {
        int jobs;
        final long[] bytes = new long[WINDOW_SECONDS];
        long lastSecond;

        /** Forgets the seconds older than the window as of {@code second}. */
        void advance(long second) {
            long steps = Math.min(WINDOW_SECONDS, second - lastSecond);
            for (long s = 1; s <= steps; s++) {
                bytes[(int) ((lastSecond + s) % WINDOW_SECONDS)] = 0;
            }
            lastSecond = Math.max(lastSecond, second);
        }

        long total() {
            return Arrays.stream(bytes).sum();
        }

        boolean idle() {
            return jobs == 0 && total() == 0;
        }
    }

    /** One connection's place in the limits; close it with what the connection received. */
    public final class Admission {
        private final InetAddress client;
        private final String refusal;
        private boolean closed;

        private Admission(InetAddress client, String refusal) {
            this.client = client;
            this.refusal = refusal;
        }

        /** Why the connection is over its client's limit, or null when it is admitted. */
        public String refusal() {
            return refusal;
        }

        /** The connection closed having received {@code bytesIn}: counted, and its job slot freed. */
        public void close(long bytesIn) {
            synchronized (ClientLimits.this) {
                if (closed || client == null) {
                    return;
                }
                closed = true;
                Usage usage = clients.computeIfAbsent(client, c -> new Usage());
                long second = nanoTime.getAsLong() / SECOND;
                usage.advance(second);
                usage.bytes[(int) (second % WINDOW_SECONDS)] += bytesIn;
                if (refusal == null) {
                    usage.jobs--;
                }
            }
        }
    }

    /** Admits a new connection from {@code address}, or says which limit it is over. */
    public synchronized Admission admit(InetAddress address) {
        if (maxJobs == 0 && maxBytesPerMinute == 0) {
            return new Admission(null, null);
        }
        InetAddress client = clientOf(address);
        if (clients.size() > PRUNE_ABOVE) {
            prune();
        }
        Usage usage = clients.computeIfAbsent(client, c -> new Usage());
        usage.advance(nanoTime.getAsLong() / SECOND);
        String who = client.getHostAddress() + (client instanceof Inet6Address ? "/64" : "");
        if (maxJobs > 0 && usage.jobs >= maxJobs) {
            return new Admission(
                    client,
                    "client " + who + " already has " + usage.jobs + " jobs open (--max-jobs-per-client " + maxJobs
                            + "); try another volunteer");
        }
        long sent = usage.total();
        if (maxBytesPerMinute > 0 && sent >= maxBytesPerMinute) {
            return new Admission(
                    client,
                    "client " + who + " sent " + sent + " bytes in the last minute" + " (--max-bytes-per-minute "
                            + maxBytesPerMinute + "); try another volunteer");
        }
        usage.jobs++;
        return new Admission(client, null);
    }

    /** The address itself, or for IPv6 its /64. */
    static InetAddress clientOf(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an address
        }
    }

    private void prune() {
        long second = nanoTime.getAsLong() / SECOND;
        for (Iterator<Usage> it = clients.values().iterator(); it.hasNext(); ) {
            Usage usage = it.next();
            usage.advance(second);
            if (usage.idle()) {
                it.remove();
            }
        }
    }
}
