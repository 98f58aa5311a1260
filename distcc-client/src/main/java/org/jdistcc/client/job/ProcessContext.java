package org.jdistcc.client.job;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** This process's own surroundings: the cold path, one JVM per compile. */
public final class ProcessContext extends JobContext {
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
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
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

    /** Java cannot wrap a bare fd number; Linux shows each one in /proc. */
    @Override
    public void writeFd(int fd, byte[] bytes) throws IOException {
        try (var out = new FileOutputStream("/proc/self/fd/" + fd, true)) {
            out.write(bytes);
        }
    }

    private static void write(FileDescriptor fd, byte[] bytes) throws IOException {
        @SuppressWarnings("resource") // closing it would close fd 1 or 2
        var out = new FileOutputStream(fd);
        out.write(bytes);
    }

    @Override
    public int runHere(List<String> command) {
        return LocalCompiler.run(command, this);
    }

    /** The JVM runs shutdown hooks on SIGINT, SIGTERM and SIGHUP: an interrupted build leaves nothing. */
    @Override
    synchronized void firstRegistration() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(temps()::cleanUp, "distcc-cleanup"));
        }
    }
}
