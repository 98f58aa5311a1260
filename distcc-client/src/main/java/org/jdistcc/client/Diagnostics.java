package org.jdistcc.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * Relays compiler output to our stderr/stdout in whole lines, each write at most {@code PIPE_BUF}
 * bytes, so that parallel jobs of one {@code make -j} never interleave inside a line (POSIX makes
 * pipe writes of up to PIPE_BUF bytes atomic). distcc 3.4 copies in arbitrary chunks.
 */
final class Diagnostics {
    static final int PIPE_BUF = 4096;

    private Diagnostics() {}

    static void writeLines(byte[] text) {
        write(FileDescriptor.err, text);
    }

    static void writeStdout(byte[] text) {
        write(FileDescriptor.out, text);
    }

    private static void write(FileDescriptor fd, byte[] text) {
        if (text.length == 0) {
            return;
        }
        @SuppressWarnings("resource") // closing it would close fd 1 or 2
        var out = new FileOutputStream(fd);
        try {
            int start = 0;
            while (start < text.length) {
                int end = chunkEnd(text, start);
                out.write(text, start, end - start);
                start = end;
            }
        } catch (IOException e) {
            // stderr gone (closed pipe): nothing left to tell
        }
    }

    /** The end of the longest run of whole lines from {@code start} that fits in PIPE_BUF. */
    static int chunkEnd(byte[] text, int start) {
        int limit = Math.min(text.length, start + PIPE_BUF);
        if (limit == text.length) {
            return limit;
        }
        for (int i = limit - 1; i >= start; i--) {
            if (text[i] == '\n') {
                return i + 1;
            }
        }
        return limit; // a single line longer than PIPE_BUF cannot be atomic anyway
    }
}
