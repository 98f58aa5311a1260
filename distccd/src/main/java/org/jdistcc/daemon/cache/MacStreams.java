package org.jdistcc.daemon.cache;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.crypto.Mac;

/** Streams that feed every byte through a MAC and count them; the input one stops at a bound. */
final class MacStreams {
    private MacStreams() {}

    static final class Out extends FilterOutputStream {
        private final Mac mac;
        private long count;

        Out(OutputStream out, Mac mac) {
            super(out);
            this.mac = mac;
        }

        @Override
        public void write(int b) throws IOException {
            mac.update((byte) b);
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            mac.update(b, off, len);
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }

    static final class In extends FilterInputStream {
        private final Mac mac;
        private final long max;
        private long count;

        In(InputStream in, Mac mac, long max) {
            super(in);
            this.mac = mac;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                mac.update((byte) b);
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                mac.update(b, off, n);
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws EntryFormat.Corrupt {
            count += n;
            if (count > max) {
                throw new EntryFormat.Corrupt("entry larger than " + max + " bytes");
            }
        }

        @Override
        public long skip(long n) {
            return 0; // every byte must go through the MAC
        }
    }
}
