package org.jdistcc.daemon.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import org.jdistcc.common.io.CountingInputStream;
import org.jdistcc.common.io.CountingOutputStream;

/**
 * One client: a TCP socket, or stdin/stdout under {@code --inetd} (ssh). Both count the bytes
 * they carry, for the log and the statistics.
 */
public abstract sealed class ClientConnection implements Closeable permits SocketConnection, StreamConnection {
    private final CountingInputStream countedIn;
    private final PushbackInputStream in;
    private final CountingOutputStream counted;
    private final OutputStream out;
    private final String overLimit;

    /**
     * @param socket {@code rawOut}'s channel where a file may go to it without a copy ({@link
     *     ConnectionOutput}), else null
     */
    ClientConnection(InputStream rawIn, OutputStream rawOut, WritableByteChannel socket, String overLimit) {
        this.countedIn = new CountingInputStream(rawIn);
        this.in = new PushbackInputStream(countedIn, 1);
        this.counted = new CountingOutputStream(rawOut);
        this.out = new ConnectionOutput(counted, socket);
        this.overLimit = overLimit;
    }

    /**
     * Why this client was over its limits when it connected ({@link ClientLimits}), or null: then
     * its job is answered {@code EXIT_BUSY} after its head, and nothing of it runs.
     */
    public final String overLimit() {
        return overLimit;
    }

    /** Who is connected, for logs: {@code 127.0.0.1:40312}, or {@code stdin}. */
    public abstract String peer();

    public final InputStream input() {
        return in;
    }

    public final OutputStream output() {
        return out;
    }

    /** Bound on each single blocking read; zero for none. No-op where the stream has none. */
    public abstract void setReadTimeout(Duration timeout) throws IOException;

    /**
     * Gives back the one byte just read, to be read again first: the waiting room reads a client's
     * first byte to notice it leaving, and that byte may be its job's beginning.
     */
    public final void unread(int b) throws IOException {
        in.unread(b);
    }

    /** Whether {@link #setReadTimeout} bounds reads here (a socket: yes; stdin under ssh: no). */
    public abstract boolean timesReads();

    /** Drops the connection now: unblocks a thread reading it, and resets a TCP peer. */
    public abstract void abort();

    public final long bytesIn() {
        return countedIn.count();
    }

    public final long bytesOut() {
        return counted.count();
    }
}
