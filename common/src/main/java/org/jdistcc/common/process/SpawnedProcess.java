package org.jdistcc.common.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Process} started by {@link PosixSpawn}, for code written against {@link ProcessBuilder}:
 * stdin inherited, stdout discarded or piped, stderr piped. One thread of {@code waiters} reaps it
 * (blocking in {@code waitpid}); after that it is never signalled, so a recycled pid is safe. Exit
 * values are the JDK's: the code, or 128 + the signal.
 */
public final class SpawnedProcess extends Process {
    private final int pid;
    private final Pipe stdout;
    private final Pipe stderr;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private SpawnedProcess(int pid, Pipe stdout, Pipe stderr) {
        this.pid = pid;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Whether {@link #start} can work here ({@link PosixSpawn#available()}). */
    public static boolean available() {
        return PosixSpawn.available();
    }

    /**
     * Starts {@code argv}, whose first word is an absolute path.
     *
     * @param pipeStdout whether stdout is read through {@link #getInputStream()}; else /dev/null
     * @param waiters where a thread may block until the child exits (platform threads)
     */
    public static SpawnedProcess start(
            List<String> argv, Map<String, String> env, Path workDir, boolean pipeStdout, Executor waiters)
            throws IOException {
        if (!Path.of(argv.getFirst()).isAbsolute()) {
            throw new IllegalArgumentException("not an absolute path: " + argv.getFirst());
        }
        Pipe out = pipeStdout ? Pipe.open() : null;
        Pipe err = null;
        try {
            err = Pipe.open();
            List<PosixSpawn.Action> actions = new ArrayList<>();
            actions.add(
                    out != null
                            ? new PosixSpawn.Dup(out.writeEnd(), 1)
                            : new PosixSpawn.Open(1, "/dev/null", PosixSpawn.WRITE_TRUNCATE));
            actions.add(new PosixSpawn.Dup(err.writeEnd(), 2));
            int pid = PosixSpawn.spawn(argv, env, workDir, actions);
            var process = new SpawnedProcess(pid, out, err);
            if (out != null) {
                out.closeWriteEnd();
            }
            err.closeWriteEnd();
            waiters.execute(process::reap);
            return process;
        } catch (IOException | RuntimeException e) {
            if (out != null) {
                out.close();
            }
            if (err != null) {
                err.close();
            }
            throw e;
        }
    }

    private void reap() {
        try {
            exit.complete(PosixSpawn.exitCode(PosixSpawn.waitFor(pid)));
        } catch (IOException | RuntimeException e) {
            exit.completeExceptionally(e);
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream(); // stdin is inherited, as ProcessBuilder.Redirect.INHERIT
    }

    @Override
    public InputStream getInputStream() {
        return stdout != null ? stdout.input() : InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return stderr.input();
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("lost child " + pid, e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public int exitValue() {
        if (!exit.isDone()) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return exit.join();
    }

    @Override
    public void destroy() {
        signal(false);
    }

    @Override
    public Process destroyForcibly() {
        signal(true);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.handle((code, failure) -> this);
    }

    @Override
    public ProcessHandle toHandle() {
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"));
    }

    private void signal(boolean kill) {
        // Until reaped, the pid is our child's (a zombie at worst): it cannot be someone else's.
        synchronized (exit) {
            if (!exit.isDone()) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    if (kill) {
                        h.destroyForcibly();
                    } else {
                        h.destroy();
                    }
                });
            }
        }
    }
}
