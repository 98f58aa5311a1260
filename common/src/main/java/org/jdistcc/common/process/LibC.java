package org.jdistcc.common.process;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc functions this package calls, looked up once; null when one is missing (closefrom and
 * chdir actions are glibc 2.34+) or the JVM does not allow native access (it would print a warning
 * on the first call otherwise). Calls that fail with errno capture it.
 */
// Native calls are the point here, made only where native access is enabled (see load()).
@SuppressWarnings("restricted")
record LibC(
        MethodHandle spawn,
        MethodHandle actionsInit,
        MethodHandle actionsDestroy,
        MethodHandle addOpen,
        MethodHandle addDup2,
        MethodHandle addCloseFrom,
        MethodHandle addChdir,
        MethodHandle attrInit,
        MethodHandle attrDestroy,
        MethodHandle setFlags,
        MethodHandle setSigmask,
        MethodHandle setSigdefault,
        MethodHandle sigemptyset,
        MethodHandle sigfillset,
        MethodHandle waitpid,
        MethodHandle pipe2,
        MethodHandle read,
        MethodHandle close) {
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;
    static final LibC FUNCTIONS = load();

    static LibC functions() throws IOException {
        if (FUNCTIONS == null) {
            throw new IOException("posix_spawn is not available here");
        }
        return FUNCTIONS;
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static LibC load() {
        try {
            if (!LibC.class.getModule().isNativeAccessEnabled()) {
                return null;
            }
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            return new LibC(
                    handle(linker, libc, "posix_spawn", FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR)),
                    handle(linker, libc, "posix_spawn_file_actions_init", FunctionDescriptor.of(INT, PTR)),
                    handle(linker, libc, "posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, PTR)),
                    handle(
                            linker,
                            libc,
                            "posix_spawn_file_actions_addopen",
                            FunctionDescriptor.of(INT, PTR, INT, PTR, INT, INT)),
                    handle(linker, libc, "posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, PTR, INT, INT)),
                    handle(
                            linker,
                            libc,
                            "posix_spawn_file_actions_addclosefrom_np",
                            FunctionDescriptor.of(INT, PTR, INT)),
                    handle(linker, libc, "posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(INT, PTR, PTR)),
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
                    handle(linker, libc, "waitpid", FunctionDescriptor.of(INT, INT, PTR, INT), errno),
                    handle(linker, libc, "pipe2", FunctionDescriptor.of(INT, PTR, INT), errno),
                    handle(
                            linker,
                            libc,
                            "read",
                            FunctionDescriptor.of(ValueLayout.JAVA_LONG, INT, PTR, ValueLayout.JAVA_LONG),
                            errno),
                    handle(linker, libc, "close", FunctionDescriptor.of(INT, INT)));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static MethodHandle handle(
            Linker linker, SymbolLookup libc, String name, FunctionDescriptor type, Linker.Option... options) {
        MemorySegment symbol = libc.find(name).orElseThrow(() -> new IllegalStateException("no " + name));
        return linker.downcallHandle(symbol, type, options);
    }
}
