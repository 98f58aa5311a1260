package org.jdistcc.daemon.compilers;

import org.jdistcc.common.ExitCode;

/**
 * A job the daemon will not run. The client gets a reply whose status is {@link #exitCode()}
 * shifted as a wait status, and the message on its stderr; nothing is executed.
 */
public final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final boolean otherCompiler;

    public Refusal(ExitCode exitCode, String message) {
        this(exitCode, message, false);
    }

    private Refusal(ExitCode exitCode, String message, boolean otherCompiler) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.otherCompiler = otherCompiler;
    }

    /** The compiler of the name asked for is not the client's ({@code ACCESS_DENIED}, marked as such). */
    public static Refusal otherCompiler(String message) {
        return new Refusal(ExitCode.ACCESS_DENIED, message, true);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** Whether the refusal is because the compiler here is another one than the client's. */
    public boolean otherCompiler() {
        return otherCompiler;
    }
}
