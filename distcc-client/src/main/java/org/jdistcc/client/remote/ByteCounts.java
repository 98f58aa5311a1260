package org.jdistcc.client.remote;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Streams that count the bytes crossing them: a job's traffic, for the client's statistics. */
final class ByteCounts {
    private ByteCounts() {}

    static final class Out extends FilterOutputStream {
        private long count;

        Out(OutputStream out) {
            super(out);
        }

        long count() {
            return count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    static final class In extends FilterInputStream {
        private long count;

        In(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += skipped;
            return skipped;
        }

        /** Blocks until a byte can be read, without consuming it. */
        boolean awaitByte() throws IOException {
            in.mark(1);
            int b = in.read();
            in.reset();
            return b >= 0;
        }

        @Override
        public boolean markSupported() {
            return false; // our own peek uses the mark; a reader must not move it
        }
    }
}
