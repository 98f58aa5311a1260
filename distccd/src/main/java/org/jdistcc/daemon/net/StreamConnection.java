package org.jdistcc.daemon.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A client on a pair of streams: {@code distccd --inetd} started by ssh on a pipe. */
public final class StreamConnection implements ClientConnection {
    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final InputStream in;
    private final OutputStream out;
    private final String peer;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();

    public StreamConnection(InputStream in, OutputStream out, String peer) {
        this.rawIn = in;
        this.rawOut = out;
        this.in = MeteredStreams.in(in, bytesIn);
        this.out = new BufferedOutputStream(MeteredStreams.out(out, bytesOut), 64 * 1024);
        this.peer = peer;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        // A pipe has no read timeout: --inetd bounds the whole process instead.
    }

    @Override
    public void abort() {
        try {
            close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    @Override
    public long bytesIn() {
        return bytesIn.get();
    }

    @Override
    public long bytesOut() {
        return bytesOut.get();
    }

    @Override
    public void close() throws IOException {
        try {
            rawIn.close();
        } finally {
            rawOut.close();
        }
    }
}
