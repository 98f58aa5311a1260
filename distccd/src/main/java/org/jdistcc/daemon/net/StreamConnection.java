package org.jdistcc.daemon.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** A client on a pair of streams: {@code distccd --inetd} started by ssh on a pipe. */
public final class StreamConnection extends ClientConnection {
    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final String peer;

    public StreamConnection(InputStream in, OutputStream out, String peer) {
        super(in, out, null, null);
        this.rawIn = in;
        this.rawOut = out;
        this.peer = peer;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public boolean timesReads() {
        return false;
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
    public void close() throws IOException {
        try {
            rawIn.close();
        } finally {
            rawOut.close();
        }
    }
}
