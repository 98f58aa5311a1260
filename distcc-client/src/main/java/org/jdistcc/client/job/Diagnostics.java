package org.jdistcc.client.job;

import java.io.IOException;
import java.util.Arrays;

/**
 * Relays compiler output to the job's stderr/stdout in whole lines, each write at most {@code
 * PIPE_BUF} bytes, so that parallel jobs of one {@code make -j} never interleave inside a line
 * (POSIX makes pipe writes of up to PIPE_BUF bytes atomic). distcc 3.4 copies in arbitrary chunks.
 */
public final class Diagnostics {
    static final int PIPE_BUF = 4096;

    private Diagnostics() {}

    /** The compiler's stderr, as the compiler would have written it here. */
    public static void stderr(JobContext job, byte[] text) {
        write(job, false, text);
    }

    public static void stdout(JobContext job, byte[] text) {
        write(job, true, text);
    }

    private static void write(JobContext job, boolean stdout, byte[] text) {
        if (text.length == 0) {
            return;
        }
        try {
            int start = 0;
            while (start < text.length) {
                int end = chunkEnd(text, start);
                byte[] chunk = start == 0 && end == text.length ? text : Arrays.copyOfRange(text, start, end);
                if (stdout) {
                    job.writeStdout(chunk);
                } else {
                    job.writeStderr(chunk);
                }
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
