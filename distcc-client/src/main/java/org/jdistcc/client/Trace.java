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

    private Trace(OutputStream out) {
        this.out = out;
        this.prefix = "distcc[" + ProcessHandle.current().pid() + "] ";
    }

    static Trace from(Map<String, String> env) {
        String log = env.get("DISTCC_LOG");
        boolean verbose = "1".equals(env.get("DISTCC_VERBOSE"));
        if (log != null && !log.isEmpty() && verbose) {
            try {
                return new Trace(new FileOutputStream(log, true));
            } catch (IOException e) {
                return new Trace(new FileOutputStream(java.io.FileDescriptor.err));
            }
        }
        return verbose ? new Trace(new FileOutputStream(java.io.FileDescriptor.err)) : new Trace(null);
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
        return out instanceof FileOutputStream f && isErrDescriptor(f);
    }

    private static boolean isErrDescriptor(FileOutputStream f) {
        try {
            return f.getFD() == java.io.FileDescriptor.err;
        } catch (IOException e) {
            return false;
        }
    }
}
