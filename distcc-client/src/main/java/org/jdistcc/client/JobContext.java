package org.jdistcc.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything about one compile that a plain process takes from its surroundings: working
 * directory, environment, umask, where stdout and stderr go, and the files and processes to clean
 * up if the compile is abandoned. The cold path (one JVM per compile) uses the process's own; the
 * agent (one JVM for many compiles) makes one per request, because there its own {@code user.dir},
 * environment and fds 1 and 2 belong to nobody's compile.
 *
 * <p>Found through a {@link ScopedValue} rather than passed around, so that the compile's code
 * (written for the cold path) needs only its process-global calls replaced, not new parameters.
 */
public abstract class JobContext {
    private static final ScopedValue<JobContext> CURRENT = ScopedValue.newInstance();
    private static final JobContext PROCESS = new ProcessContext();

    private final Set<Path> files = ConcurrentHashMap.newKeySet();
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();

    /** The job's context, or this process's own when no agent job is running. */
    public static JobContext current() {
        return CURRENT.isBound() ? CURRENT.get() : PROCESS;
    }

    /** Runs {@code distcc argv0 args...} as the job of {@code context}; returns its exit status. */
    public static int run(JobContext context, String argv0, List<String> args) {
        return ScopedValue.where(CURRENT, context).call(() -> Main.run(argv0, args, context.env()));
    }

    /** Thrown where an abandoned job's work must stop (the client went away). */
    public static final class Abandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Abandoned() {
            super("the client went away", null, false, false);
        }
    }

    public abstract Path cwd();

    public abstract Map<String, String> env();

    /** The permission bits the job's process would mask off new files. */
    public abstract int umask();

    /** The pid distcc's messages name: the client's. */
    public abstract long pid();

    /** Whether the stderr the compile's diagnostics go to is a terminal. */
    public abstract boolean stderrIsTerminal();

    public abstract void writeStdout(byte[] bytes) throws IOException;

    public abstract void writeStderr(byte[] bytes) throws IOException;

    /**
     * Runs the real compiler as the user's own process would: with the client's stdin, stdout,
     * stderr, environment and signals. Returns its exit status.
     */
    public abstract int runLocally(List<String> command);

    /** True once the client is gone: nothing the job still does can reach anybody. */
    public boolean abandoned() {
        return false;
    }

    /** Throws {@link Abandoned} if the client is gone, so a dead job does not, say, back off a host. */
    public void checkAbandoned() {
        if (abandoned()) {
            throw new Abandoned();
        }
    }

    /** {@code name} as the job's process would resolve it: against the job's directory. */
    public Path resolve(String name) {
        return cwd().resolve(name);
    }

    /** Sets up a process builder to run in the job's directory with the job's environment. */
    public ProcessBuilder configure(ProcessBuilder builder) {
        return builder;
    }

    /** Gives {@code file} the mode a compiler run by the job's process would give a new file. */
    public void applyUmask(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixModes.of(0666 & ~umask()));
        } catch (IOException | UnsupportedOperationException e) {
            // the object is still usable with the temp file's mode
        }
    }

    Path register(Path file) {
        files.add(file);
        if (abandoned()) {
            cleanUp();
            throw new Abandoned();
        }
        return file;
    }

    void forget(Path file) {
        files.remove(file);
    }

    Process register(Process process) {
        processes.add(process);
        if (abandoned()) {
            cleanUp();
            throw new Abandoned();
        }
        return process;
    }

    void forget(Process process) {
        processes.remove(process);
    }

    /** Kills the job's processes and deletes its files (unless kept for debugging). */
    protected void cleanUp() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        if (TempFiles.keepingForDebugging()) {
            return;
        }
        for (Path file : files) {
            TempFiles.deleteTree(file);
        }
    }

    /** This process's own surroundings: the cold path. */
    private static final class ProcessContext extends JobContext {
        private volatile boolean hooked;
        private int umask = -1;

        @Override
        public Path cwd() {
            return Path.of("").toAbsolutePath();
        }

        @Override
        public Path resolve(String name) {
            return Path.of(name).toAbsolutePath();
        }

        @Override
        public Map<String, String> env() {
            return System.getenv();
        }

        @Override
        public synchronized int umask() {
            if (umask < 0) {
                umask = PosixModes.processUmask();
            }
            return umask;
        }

        @Override
        public long pid() {
            return ProcessHandle.current().pid();
        }

        /** When we cannot tell, we say yes: it only costs a local rerun. */
        @Override
        public boolean stderrIsTerminal() {
            try {
                String target =
                        Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                return true;
            }
        }

        @Override
        public void writeStdout(byte[] bytes) throws IOException {
            write(FileDescriptor.out, bytes);
        }

        @Override
        public void writeStderr(byte[] bytes) throws IOException {
            write(FileDescriptor.err, bytes);
        }

        private static void write(FileDescriptor fd, byte[] bytes) throws IOException {
            @SuppressWarnings("resource") // closing it would close fd 1 or 2
            var out = new FileOutputStream(fd);
            out.write(bytes);
        }

        @Override
        public int runLocally(List<String> command) {
            return org.jdistcc.client.local.LocalCompile.run(command);
        }

        @Override
        Path register(Path file) {
            hook();
            return super.register(file);
        }

        @Override
        Process register(Process process) {
            hook();
            return super.register(process);
        }

        /** The JVM runs shutdown hooks on SIGINT, SIGTERM and SIGHUP: an interrupted build leaves nothing. */
        private synchronized void hook() {
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, "distcc-cleanup"));
            }
        }
    }
}
