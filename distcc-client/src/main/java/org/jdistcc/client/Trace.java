package org.jdistcc.client;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Explains the client's decisions when {@code DISTCC_VERBOSE=1} or {@code DISTCC_LOG=file} ask
 * for it, and costs one boolean test when they don't. Not a logging framework: initialising one
 * costs more than a whole compile.
 */
final class Trace {
    private final OutputStream out;
    private final String prefix;

    private final boolean toStderr;

    private Trace(OutputStream out, boolean toStderr) {
        this.out = out;
        this.toStderr = toStderr;
        this.prefix = "distcc[" + JobContext.current().pid() + "] ";
    }

    static Trace from(Map<String, String> env) {
        String log = env.get("DISTCC_LOG");
        boolean verbose = "1".equals(env.get("DISTCC_VERBOSE"));
        if (log != null && !log.isEmpty() && verbose) {
            try {
                return new Trace(
                        new FileOutputStream(JobContext.current().resolve(log).toFile(), true), false);
            } catch (IOException e) {
                return new Trace(stderr(), true);
            }
        }
        return verbose ? new Trace(stderr(), true) : new Trace(null, false);
    }

    /** The job's stderr, which in the agent is not this process's fd 2. */
    private static OutputStream stderr() {
        JobContext job = JobContext.current();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                job.writeStderr(java.util.Arrays.copyOfRange(b, off, off + len));
            }
        };
    }

    boolean enabled() {
        return out != null;
    }

    void log(String message) {
        if (out == null) {
            return;
        }
        try {
            out.write((prefix + message + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a broken log must not break the compile
        }
    }

    /** Always printed, as distcc prints its warnings: to stderr, and to the log when there is one. */
    void warn(String message) {
        String line = prefix + "Warning: " + message + "\n";
        Diagnostics.writeLines(line.getBytes(StandardCharsets.UTF_8));
        if (out != null && !isStderr()) {
            log("Warning: " + message);
        }
    }

    private boolean isStderr() {
        return toStderr;
    }
}
