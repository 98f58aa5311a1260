package org.jdistcc.client.job;

import java.io.IOException;
import java.util.List;
import org.jdistcc.common.ExitCode;

/**
 * Runs the compiler here for the cold path, with this process's stdin, stdout and stderr, and
 * returns its exit status. (In the agent the launcher execs the compiler itself.)
 */
final class LocalCompiler {
    /** Set in the compiler's environment; distcc seeing it at start-up means it invoked itself. */
    static final String SAFEGUARD = "_DISTCC_SAFEGUARD";

    private LocalCompiler() {}

    static int run(List<String> command, JobContext job) {
        var builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put(SAFEGUARD, "1");
        try {
            Process process = builder.start();
            // Java reports death by signal N as 128+N already, which is what a shell would show.
            return waitUninterruptibly(process);
        } catch (IOException e) {
            // distcc 3.4 (src/exec.c, dcc_execvp): "failed to exec CC: strerror", status 110.
            job.log().error("failed to exec " + command.getFirst() + ": " + strerror(e));
            return ExitCode.COMPILER_MISSING.code();
        }
    }

    private static String strerror(IOException e) {
        String m = String.valueOf(e.getMessage());
        int at = m.lastIndexOf("error=");
        if (at >= 0) {
            int comma = m.indexOf(", ", at);
            if (comma >= 0) {
                return m.substring(comma + 2);
            }
        }
        return m;
    }

    private static int waitUninterruptibly(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // Keep waiting: the compiler receives the terminal's signals itself.
            }
        }
    }
}
