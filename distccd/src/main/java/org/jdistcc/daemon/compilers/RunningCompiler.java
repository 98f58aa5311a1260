package org.jdistcc.daemon.compilers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A compiler process. */
public final class RunningCompiler {
    private final Process process;
    private final Path killCommand;

    RunningCompiler(Process process, Path killCommand) {
        this.process = process;
        this.killCommand = killCommand;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits up to {@code lifetime} (zero: forever) for the compiler to exit and returns its raw
     * wait status, or -1 when the lifetime ran out (the caller then calls {@link #kill()}).
     */
    public int waitStatus(Duration lifetime) throws InterruptedException {
        if (lifetime.isZero()) {
            process.waitFor();
        } else if (!process.waitFor(lifetime.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return waitStatusOf(process.exitValue());
    }

    /**
     * Kills the compiler and everything it started. The driver is stopped first, so it cannot
     * start a child between the listing of its descendants and its own death (after which cc1
     * and as would no longer be its descendants to find).
     */
    public void kill() {
        if (!process.isAlive()) {
            // Nothing to stop, and an exited driver's children are no longer its descendants:
            // listing them would scan all of /proc for nothing, once per job.
            return;
        }
        if (Files.isExecutable(killCommand)) {
            try {
                var stopper = new ProcessBuilder(killCommand.toString(), "-STOP", Long.toString(process.pid()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                stopper.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // kill without stopping first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The JDK reports a process killed by signal N as exit value 128 + N; distcc's STAT wants the
     * raw {@code wait()} status: exit code in bits 8-15, signal in the low 7 bits.
     */
    static int waitStatusOf(int exitValue) {
        if (exitValue > 128 && exitValue < 128 + 65) {
            return exitValue - 128;
        }
        return (exitValue & 0xff) << 8;
    }
}
