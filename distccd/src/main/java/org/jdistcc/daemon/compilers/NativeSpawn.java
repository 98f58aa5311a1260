package org.jdistcc.daemon.compilers;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a compiler with glibc's {@code posix_spawn}, as distcc 3.4's fork+exec does in effect.
 * {@link ProcessBuilder} runs every child through {@code jspawnhelper} first: an extra exec that
 * cost 2–3 ms of CPU per job, as much as the rest of the daemon's own work for a small file.
 *
 * <p>The child gets stdin from {@code /dev/null}, stdout and stderr to files, the job's working
 * directory, the default signal dispositions and an empty signal mask, and no descriptor of the
 * daemon's ({@code closefrom(3)}). It is started from one of {@link ChildThreads}, which then
 * waits for it and keeps its raw wait status. Unavailable (another libc, no native access) means
 * {@link #available()} is false and the caller uses {@link ProcessBuilder}.
 */
// Native calls are the point here: bin/distccd runs the JVM with --enable-native-access=ALL-UNNAMED.
@SuppressWarnings("restricted")
final class NativeSpawn {
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY_CREAT_TRUNC = 01 | 0100 | 01000;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    // Generous upper bounds of glibc's x86_64/aarch64 structures (80, 336 and 128 bytes).
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final long ATTR_SIZE = 1024;
    private static final long SIGSET_SIZE = 256;
    private static final Functions FUNCTIONS = Functions.load();

    private NativeSpawn() {}

    static boolean available() {
        return FUNCTIONS != null;
    }

    /** A started child, and its raw wait status once it has exited and been reaped. */
    record Child(ProcessHandle process, CompletableFuture<Integer> waitStatus) {}

    static Child spawn(List<String> argv, Map<String, String> env, Path workDir, Path stdout, Path stderr)
            throws IOException {
        var status = new CompletableFuture<Integer>();
        // Looked up before the wait starts: until then the child exists, if only as a zombie.
        ProcessHandle process = ChildThreads.start(
                () -> {
                    int pid = spawnHere(argv, env, workDir, stdout, stderr);
                    return ProcessHandle.of(pid).orElseThrow(() -> new IOException("child " + pid + " vanished"));
                },
                child -> reap((int) child.pid(), status));
        return new Child(process, status);
    }

    /** posix_spawn from the calling thread; returns the child's pid. */
    private static int spawnHere(List<String> argv, Map<String, String> env, Path workDir, Path stdout, Path stderr)
            throws IOException {
        Functions f = FUNCTIONS;
        if (f == null) {
            throw new IOException("posix_spawn is not available");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
            check("posix_spawn_file_actions_init", (int) f.actionsInit.invokeExact(actions));
            try {
                check("posix_spawnattr_init", (int) f.attrInit.invokeExact(attr));
                try {
                    addOpen(f, arena, actions, 0, "/dev/null", O_RDONLY);
                    addOpen(f, arena, actions, 1, stdout.toString(), O_WRONLY_CREAT_TRUNC);
                    addOpen(f, arena, actions, 2, stderr.toString(), O_WRONLY_CREAT_TRUNC);
                    check("posix_spawn_file_actions_addclosefrom_np", (int) f.addCloseFrom.invokeExact(actions, 3));
                    check("posix_spawn_file_actions_addchdir_np", (int)
                            f.addChdir.invokeExact(actions, cString(arena, workDir.toString())));
                    MemorySegment empty = arena.allocate(SIGSET_SIZE, 16);
                    MemorySegment all = arena.allocate(SIGSET_SIZE, 16);
                    check("sigemptyset", (int) f.sigemptyset.invokeExact(empty));
                    check("sigfillset", (int) f.sigfillset.invokeExact(all));
                    check("posix_spawnattr_setsigmask", (int) f.setSigmask.invokeExact(attr, empty));
                    check("posix_spawnattr_setsigdefault", (int) f.setSigdefault.invokeExact(attr, all));
                    check("posix_spawnattr_setflags", (int)
                            f.setFlags.invokeExact(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)));
                    MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                    int error = (int) f.spawn.invokeExact(
                            pid,
                            cString(arena, argv.getFirst()),
                            actions,
                            attr,
                            stringArray(arena, argv),
                            stringArray(
                                    arena,
                                    env.entrySet().stream()
                                            .map(e -> e.getKey() + "=" + e.getValue())
                                            .toList()));
                    if (error != 0) {
                        throw new IOException("cannot run " + argv.getFirst() + ": error " + error);
                    }
                    return pid.get(ValueLayout.JAVA_INT, 0);
                } finally {
                    int ignored = (int) f.attrDestroy.invokeExact(attr);
                }
            } finally {
                int ignored = (int) f.actionsDestroy.invokeExact(actions);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("posix_spawn failed: " + e, e);
        }
    }

    /** Waits for the child, on the thread that started it, and completes {@code status} with its wait status. */
    private static void reap(int pid, CompletableFuture<Integer> status) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment raw = arena.allocate(ValueLayout.JAVA_INT);
            while (true) {
                int got = (int) FUNCTIONS.waitpid.invokeExact(pid, raw, 0);
                if (got == pid) {
                    status.complete(raw.get(ValueLayout.JAVA_INT, 0));
                    return;
                }
                if (got < 0) {
                    if (ProcessHandle.of(pid).isEmpty()) {
                        status.completeExceptionally(new IOException("lost child " + pid));
                        return;
                    }
                    Thread.sleep(10); // EINTR: wait again, without spinning on anything else
                }
            }
        } catch (Throwable e) {
            status.completeExceptionally(e);
        }
    }

    private static void addOpen(Functions f, Arena arena, MemorySegment actions, int fd, String path, int flags)
            throws Throwable {
        check("posix_spawn_file_actions_addopen", (int)
                f.addOpen.invokeExact(actions, fd, cString(arena, path), flags, 0644));
    }

    private static void check(String call, int result) throws IOException {
        if (result != 0) {
            throw new IOException(call + " failed: " + result);
        }
    }

    private static MemorySegment cString(Arena arena, String s) {
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

    private record Functions(
            MethodHandle spawn,
            MethodHandle actionsInit,
            MethodHandle actionsDestroy,
            MethodHandle addOpen,
            MethodHandle addCloseFrom,
            MethodHandle addChdir,
            MethodHandle attrInit,
            MethodHandle attrDestroy,
            MethodHandle setFlags,
            MethodHandle setSigmask,
            MethodHandle setSigdefault,
            MethodHandle sigemptyset,
            MethodHandle sigfillset,
            MethodHandle waitpid) {
        private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
        private static final ValueLayout PTR = ValueLayout.ADDRESS;

        /** The functions, or null when this libc lacks one (closefrom and chdir are glibc 2.34+). */
        static Functions load() {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                return new Functions(
                        handle(linker, libc, "posix_spawn", FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR)),
                        handle(linker, libc, "posix_spawn_file_actions_init", FunctionDescriptor.of(INT, PTR)),
                        handle(linker, libc, "posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, PTR)),
                        handle(
                                linker,
                                libc,
                                "posix_spawn_file_actions_addopen",
                                FunctionDescriptor.of(INT, PTR, INT, PTR, INT, INT)),
                        handle(
                                linker,
                                libc,
                                "posix_spawn_file_actions_addclosefrom_np",
                                FunctionDescriptor.of(INT, PTR, INT)),
                        handle(
                                linker,
                                libc,
                                "posix_spawn_file_actions_addchdir_np",
                                FunctionDescriptor.of(INT, PTR, PTR)),
                        handle(linker, libc, "posix_spawnattr_init", FunctionDescriptor.of(INT, PTR)),
                        handle(linker, libc, "posix_spawnattr_destroy", FunctionDescriptor.of(INT, PTR)),
                        handle(
                                linker,
                                libc,
                                "posix_spawnattr_setflags",
                                FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_SHORT)),
                        handle(linker, libc, "posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, PTR, PTR)),
                        handle(linker, libc, "posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, PTR, PTR)),
                        handle(linker, libc, "sigemptyset", FunctionDescriptor.of(INT, PTR)),
                        handle(linker, libc, "sigfillset", FunctionDescriptor.of(INT, PTR)),
                        handle(linker, libc, "waitpid", FunctionDescriptor.of(INT, INT, PTR, INT)));
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }

        private static MethodHandle handle(Linker linker, SymbolLookup libc, String name, FunctionDescriptor type) {
            return linker.downcallHandle(libc.find(name).orElseThrow(), type);
        }
    }
}
