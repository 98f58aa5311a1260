package org.jdistcc.client.local;

import java.io.IOException;
import java.util.List;
import org.jdistcc.common.ExitCode;

/** Runs the compiler here, with our stdin, stdout and stderr, and returns its exit status. */
public final class LocalCompile {
    private LocalCompile() {}

    public static int run(List<String> command) {
        var builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("_DISTCC_SAFEGUARD", "1");
        try {
            Process process = builder.start();
            return exitStatus(waitUninterruptibly(process));
        } catch (IOException e) {
            System.err.println("distcc[" + ProcessHandle.current().pid() + "] ERROR: failed to exec "
                    + command.getFirst() + ": " + e.getMessage());
            return ExitCode.COMPILER_MISSING.code();
        }
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

    /** Java reports death by signal N as 128+N already, which is what a shell would show. */
    private static int exitStatus(int status) {
        return status;
    }
}
