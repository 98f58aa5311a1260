package org.jdistcc.daemon.compilers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jdistcc.common.process.PosixSpawn;

/**
 * Starts a compiler with {@link PosixSpawn} (glibc's {@code posix_spawn}), as distcc 3.4's
 * fork+exec does in effect, without {@link ProcessBuilder}'s {@code jspawnhelper}.
 *
 * <p>The child gets stdin from {@code /dev/null} and stdout and stderr to files. It is started from
 * one of {@link ChildThreads}, which then waits for it and keeps its raw wait status. Unavailable
 * (another libc, no native access) means {@link #available()} is false and the caller uses
 * {@link ProcessBuilder}.
 */
final class NativeSpawn {
    private NativeSpawn() {}

    static boolean available() {
        return PosixSpawn.available();
    }

    /** A started child, and its raw wait status once it has exited and been reaped. */
    record Child(ProcessHandle process, CompletableFuture<Integer> waitStatus) {}

    static Child spawn(List<String> argv, Map<String, String> env, Path workDir, Path stdout, Path stderr)
            throws IOException {
        var status = new CompletableFuture<Integer>();
        // Looked up before the wait starts: until then the child exists, if only as a zombie.
        ProcessHandle process = ChildThreads.start(
                () -> {
                    int pid = PosixSpawn.spawn(
                            argv,
                            env,
                            workDir,
                            List.of(
                                    new PosixSpawn.Open(0, "/dev/null", PosixSpawn.READ),
                                    new PosixSpawn.Open(1, stdout.toString(), PosixSpawn.WRITE_TRUNCATE),
                                    new PosixSpawn.Open(2, stderr.toString(), PosixSpawn.WRITE_TRUNCATE)));
                    return ProcessHandle.of(pid).orElseThrow(() -> new IOException("child " + pid + " vanished"));
                },
                child -> reap((int) child.pid(), status));
        return new Child(process, status);
    }

    /** Waits for the child, on the thread that started it, and completes {@code status} with its wait status. */
    private static void reap(int pid, CompletableFuture<Integer> status) {
        try {
            status.complete(PosixSpawn.waitFor(pid));
        } catch (IOException | RuntimeException e) {
            status.completeExceptionally(e);
        }
    }
}
