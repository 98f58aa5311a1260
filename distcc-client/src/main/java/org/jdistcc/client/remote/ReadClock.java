package org.jdistcc.client.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Times the reads of a reply once it has begun: the time spent inside reads is the time its bytes
 * took to arrive, while what the reader does between reads (decompressing, writing the object) is
 * not counted. A reply that was all there at once reads in next to no time: a fast link. Read from
 * one thread. The bytes are counted below it ({@link org.jdistcc.common.io.CountingInputStream}).
 */
final class ReadClock extends FilterInputStream {
    private long nanos;
    private boolean running;

    ReadClock(InputStream in) {
        super(in);
    }

    /** Starts counting from zero. */
    void start() {
        nanos = 0;
        running = true;
    }

    void stop() {
        running = false;
    }

    long nanos() {
        return nanos;
    }

    @Override
    public int read() throws IOException {
        long started = running ? System.nanoTime() : 0;
        int b = in.read();
        if (running) {
            nanos += System.nanoTime() - started;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long started = running ? System.nanoTime() : 0;
        int n = in.read(b, off, len);
        if (running) {
            nanos += System.nanoTime() - started;
        }
        return n;
    }
}
