package org.jdistcc.daemon.compilers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A compiler process. */
public final class RunningCompiler {
    private final ProcessHandle process;
    private final CompletableFuture<Integer> waitStatus;
    private final Path killCommand;

    /** {@code waitStatus}: the raw {@code wait()} status, once the process has been reaped. */
    RunningCompiler(ProcessHandle process, CompletableFuture<Integer> waitStatus, Path killCommand) {
        this.process = process;
        this.waitStatus = waitStatus;
        this.killCommand = killCommand;
    }

    /** A compiler started by {@link ProcessBuilder}. */
    static RunningCompiler of(Process process, Path killCommand) {
        return new RunningCompiler(
                process.toHandle(), process.onExit().thenApply(p -> waitStatusOf(p.exitValue())), killCommand);
    }

    /**
     * Waits up to {@code lifetime} (zero: forever) for the compiler to exit and returns its raw
     * wait status, or -1 when the lifetime ran out (the caller then calls {@link #kill()}).
     */
    public int waitStatus(Duration lifetime) throws InterruptedException {
        try {
            return lifetime.isZero() ? waitStatus.get() : waitStatus.get(lifetime.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return -1;
        } catch (ExecutionException e) {
            // Not reaped by us (cannot happen unless something else waited for it): a failure.
            return 1 << 8;
        }
    }

    /** Runs {@code action} once the compiler has exited and been reaped (at once if it has). */
    public void onExit(Runnable action) {
        waitStatus.whenComplete((status, failure) -> action.run());
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
            waitStatus.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // killed; its reaper reports it when it can
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
