package org.jdistcc.daemon.net;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Streams that count the bytes through them, for the per-job log line. */
final class MeteredStreams {
    private MeteredStreams() {}

    static InputStream in(InputStream in, AtomicLong count) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n > 0) {
                    count.addAndGet(n);
                }
                return n;
            }
        };
    }

    static OutputStream out(OutputStream out, AtomicLong count) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                count.incrementAndGet();
            }

            @Override
            public void write(byte[] buffer, int off, int len) throws IOException {
                out.write(buffer, off, len);
                count.addAndGet(len);
            }
        };
    }
}
