package org.jdistcc.common.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes written through it: a connection's traffic, for logs and statistics. Writes may
 * come from one thread at a time; {@link #count()} may be read from any.
 */
public final class CountingOutputStream extends FilterOutputStream {
    private final AtomicLong count = new AtomicLong();

    public CountingOutputStream(OutputStream out) {
        super(out);
    }

    /** Bytes written so far (handed to the wrapped stream, flushed or not). */
    public long count() {
        return count.get();
    }

    /** Counts {@code bytes} sent past this stream, to the same destination (a file sent by {@code sendfile}). */
    public void sentAround(long bytes) {
        count.addAndGet(bytes);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count.incrementAndGet();
    }

    /** Passes the whole array on at once (FilterOutputStream would write it byte by byte). */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count.addAndGet(len);
    }
}
