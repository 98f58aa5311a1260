package org.jdistcc.daemon.status;

/**
 * Where a job being served is, as {@code /status} and the monitor page show it. The serving code
 * moves a {@link DaemonStats.Job} along with {@code sourceReceived}, {@code compiling} and {@code
 * replying}; the order matches distcc 3.4's server side ({@code src/serve.c}: read the request and
 * the source, wait for a slot, run the compiler, send the reply).
 */
public enum JobPhase {
    /** Reading the request and the source. */
    RECEIVE("receive"),
    /** The source is in; waiting for a compile slot ({@code --jobs}). */
    WAIT("wait"),
    /** The compiler runs. */
    COMPILE("compile"),
    /** Sending the reply: status, diagnostics, the object. */
    REPLY("reply");

    private final String label;

    JobPhase(String label) {
        this.label = label;
    }

    /** The name in {@code /status}. */
    String label() {
        return label;
    }
}
