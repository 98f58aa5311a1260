package org.jdistcc.daemon.launch;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lowers the whole daemon's priority, as distcc 3.4's {@code nice(opt_niceness)} does: the daemon
 * and every compiler it starts then run at the same lowered priority, and no {@code nice} process
 * is executed per job.
 *
 * <p>On Linux a nice value belongs to a thread, and a new thread (and a process forked by one)
 * inherits its creator's. So every existing thread is set to the one lowered value, twice over to
 * catch one started during the first pass; every thread started later descends from them. The
 * value is worked out once: a thread started during the first pass by one already lowered has it
 * already, and lowering what each thread has would lower that one twice.
 */
// Native calls are the point here: bin/distccd runs the JVM with --enable-native-access=ALL-UNNAMED.
@SuppressWarnings("restricted")
public final class Niceness {
    private static final int PRIO_PROCESS = 0;
    private static final int MAX_NICE = 19;

    private Niceness() {}

    /**
     * Sets every thread's nice value to the process's own plus {@code increment} (at most 19).
     *
     * @return the threads reniced
     * @throws IOException when a thread cannot be reniced
     */
    public static int lower(int increment) throws IOException {
        if (increment <= 0) {
            return 0;
        }
        MethodHandle setpriority = setpriority();
        int lowered = Math.min(MAX_NICE, niceOf((int) ProcessHandle.current().pid()) + increment);
        var done = new HashSet<Integer>();
        for (int pass = 0; pass < 2; pass++) {
            for (int tid : threads()) {
                if (done.add(tid)) {
                    renice(setpriority, tid, lowered);
                }
            }
        }
        return done.size();
    }

    /** The nice value of thread {@code tid}: field 19 of its stat line. */
    static int niceOf(int tid) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"), StandardCharsets.US_ASCII);
        // The command name (field 2) may hold spaces and parentheses; fields after it do not.
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
        return Integer.parseInt(after[16]);
    }

    private static Set<Integer> threads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            var tids = new HashSet<Integer>();
            tasks.forEach(p -> tids.add(Integer.parseInt(p.getFileName().toString())));
            return tids;
        }
    }

    private static void renice(MethodHandle setpriority, int tid, int nice) throws IOException {
        int result;
        try {
            result = (int) setpriority.invokeExact(PRIO_PROCESS, tid, nice);
        } catch (Throwable e) {
            throw new IOException("setpriority failed: " + e, e);
        }
        if (result != 0 && Files.exists(Path.of("/proc/self/task/" + tid))) {
            throw new IOException("cannot set the nice value of thread " + tid + " to " + nice);
        }
    }

    private static MethodHandle setpriority() {
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(
                linker.defaultLookup().find("setpriority").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }
}
