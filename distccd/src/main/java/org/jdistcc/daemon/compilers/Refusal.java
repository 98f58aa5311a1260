package org.jdistcc.daemon.compilers;

import org.jdistcc.common.ExitCode;

/**
 * A job the daemon will not run. The client gets a reply whose status is {@link #exitCode()}
 * shifted as a wait status, and the message on its stderr; nothing is executed.
 */
public final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public Refusal(ExitCode exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
