package org.jdistcc.common.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a program with glibc's {@code posix_spawn}, as a C program's fork+exec would.
 * {@link ProcessBuilder} runs every child through {@code jspawnhelper} first: one more exec, which
 * cost the daemon 2–3 ms of CPU per job and the client agent about 1 ms per preprocessor.
 *
 * <p>The child gets the descriptors {@code actions} give it (the rest of 0–2 inherited), no other
 * descriptor of ours ({@code closefrom(3)}), {@code workDir}, the default signal dispositions and an
 * empty signal mask. Nothing here waits for it: {@link #waitFor} from a thread that may block.
 * Unavailable (another libc, no native access) means {@link #available()} is false and callers use
 * {@link ProcessBuilder}.
 */
public final class PosixSpawn {
    /** {@code O_RDONLY}, for {@link Open}. */
    public static final int READ = 0;
    /** {@code O_WRONLY | O_CREAT | O_TRUNC}, for {@link Open}. */
    public static final int WRITE_TRUNCATE = 01 | 0100 | 01000;

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    // Generous upper bounds of glibc's x86_64/aarch64 structures (80, 336 and 128 bytes).
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final long ATTR_SIZE = 1024;
    private static final long SIGSET_SIZE = 256;

    /** What one of the child's descriptors is, set up in the child before the program runs. */
    public sealed interface Action {}

    /** {@code fd} opened on {@code path} with {@code flags} (mode 0644 for a new file). */
    public record Open(int fd, String path, int flags) implements Action {}

    /** {@code fd} as a copy of our {@code from} (a pipe's end, say). */
    public record Dup(int from, int fd) implements Action {}

    private PosixSpawn() {}

    public static boolean available() {
        return LibC.FUNCTIONS != null;
    }

    /**
     * Starts {@code argv} (its first word a path, not looked up in {@code PATH}) with exactly
     * {@code env}.
     *
     * @return the child's pid
     */
    public static int spawn(List<String> argv, Map<String, String> env, Path workDir, List<Action> actions)
            throws IOException {
        LibC f = LibC.functions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fileActions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
            check("posix_spawn_file_actions_init", (int) f.actionsInit().invokeExact(fileActions));
            try {
                check("posix_spawnattr_init", (int) f.attrInit().invokeExact(attr));
                try {
                    for (Action action : actions) {
                        switch (action) {
                            case Open(int fd, String path, int flags) ->
                                check("posix_spawn_file_actions_addopen", (int)
                                        f.addOpen().invokeExact(fileActions, fd, cString(arena, path), flags, 0644));
                            case Dup(int from, int fd) ->
                                check("posix_spawn_file_actions_adddup2", (int)
                                        f.addDup2().invokeExact(fileActions, from, fd));
                        }
                    }
                    check("posix_spawn_file_actions_addclosefrom_np", (int)
                            f.addCloseFrom().invokeExact(fileActions, 3));
                    check("posix_spawn_file_actions_addchdir_np", (int)
                            f.addChdir().invokeExact(fileActions, cString(arena, workDir.toString())));
                    MemorySegment empty = arena.allocate(SIGSET_SIZE, 16);
                    MemorySegment all = arena.allocate(SIGSET_SIZE, 16);
                    check("sigemptyset", (int) f.sigemptyset().invokeExact(empty));
                    check("sigfillset", (int) f.sigfillset().invokeExact(all));
                    check("posix_spawnattr_setsigmask", (int) f.setSigmask().invokeExact(attr, empty));
                    check("posix_spawnattr_setsigdefault", (int)
                            f.setSigdefault().invokeExact(attr, all));
                    check("posix_spawnattr_setflags", (int)
                            f.setFlags().invokeExact(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)));
                    MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                    int error = (int) f.spawn()
                            .invokeExact(
                                    pid,
                                    cString(arena, argv.getFirst()),
                                    fileActions,
                                    attr,
                                    stringArray(arena, argv),
                                    stringArray(
                                            arena,
                                            env.entrySet().stream()
                                                    .map(e -> e.getKey() + "=" + e.getValue())
                                                    .toList()));
                    if (error != 0) {
                        throw new IOException("cannot run " + argv.getFirst() + ": " + Errno.describe(error));
                    }
                    return pid.get(ValueLayout.JAVA_INT, 0);
                } finally {
                    int ignored = (int) f.attrDestroy().invokeExact(attr);
                }
            } finally {
                int ignored = (int) f.actionsDestroy().invokeExact(fileActions);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("posix_spawn failed: " + e, e);
        }
    }

    /**
     * Waits for child {@code pid} to exit and reaps it, blocking the calling thread (a platform
     * thread: a virtual one would hold its carrier for the child's whole run).
     *
     * @return its raw wait status
     * @throws IOException if it is not our child, or was reaped already
     */
    public static int waitFor(int pid) throws IOException {
        LibC f = LibC.functions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment state = arena.allocate(LibC.CALL_STATE);
            while (true) {
                int got = (int) f.waitpid().invokeExact(state, pid, status, 0);
                if (got == pid) {
                    return status.get(ValueLayout.JAVA_INT, 0);
                }
                int errno = LibC.errno(state);
                if (errno != Errno.EINTR) {
                    throw new IOException("waitpid(" + pid + "): " + Errno.describe(errno));
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("waitpid failed: " + e, e);
        }
    }

    /** The exit status a shell would show for a raw wait status: the code, or 128 + the signal. */
    public static int exitCode(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    private static void check(String call, int result) throws IOException {
        if (result != 0) {
            throw new IOException(call + " failed: " + Errno.describe(result));
        }
    }

    static MemorySegment cString(Arena arena, String s) {
        return arena.allocateFrom(s, StandardCharsets.UTF_8);
    }

    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, cString(arena, strings.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }
}
