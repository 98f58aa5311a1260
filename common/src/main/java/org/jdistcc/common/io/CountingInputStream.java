package org.jdistcc.common.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes read through it: a connection's traffic, for logs and statistics. Reads may come
 * from one thread at a time; {@link #count()} may be read from any.
 */
public final class CountingInputStream extends FilterInputStream {
    private final AtomicLong count = new AtomicLong();

    public CountingInputStream(InputStream in) {
        super(in);
    }

    /** Bytes read (or skipped) so far. */
    public long count() {
        return count.get();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count.incrementAndGet();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count.addAndGet(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        count.addAndGet(skipped);
        return skipped;
    }

    /**
     * Blocks until a byte can be read, without consuming or counting it: a client waits here for a
     * volunteer's reply to start, so the time spent compiling is told apart from the time receiving.
     *
     * @return false at the end of the stream
     * @throws IllegalStateException if the wrapped stream cannot {@link InputStream#mark mark} (wrap a
     *     {@link java.io.BufferedInputStream})
     */
    public boolean awaitByte() throws IOException {
        if (!in.markSupported()) {
            throw new IllegalStateException("awaitByte needs a stream that supports mark");
        }
        in.mark(1);
        int b = in.read();
        in.reset();
        return b >= 0;
    }

    /** No: {@link #awaitByte()} uses the wrapped stream's mark, which a reader must not move. */
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported, see markSupported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
