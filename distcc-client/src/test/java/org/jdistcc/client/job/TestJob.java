package org.jdistcc.client.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A job for tests: the given directory and environment, its output kept in memory, and compiles
 * here run as child processes whose output is kept too.
 */
public final class TestJob extends JobContext {
    private final Path cwd;
    private final Map<String, String> env;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream otherFd = new ByteArrayOutputStream();
    private boolean terminal;

    public TestJob(Path cwd, Map<String, String> env) {
        this.cwd = cwd;
        this.env = Map.copyOf(env);
    }

    /** Pretends that stderr is a terminal. */
    public TestJob onTerminal() {
        terminal = true;
        return this;
    }

    public String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** What went to the fd named by {@code UNCACHED_ERR_FD}. */
    public String otherFd() {
        return otherFd.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Path cwd() {
        return cwd;
    }

    @Override
    public Map<String, String> env() {
        return env;
    }

    @Override
    public int umask() {
        return 022;
    }

    @Override
    public long pid() {
        return 4242;
    }

    @Override
    public boolean stderrIsTerminal() {
        return terminal;
    }

    @Override
    public synchronized void writeStdout(byte[] bytes) {
        stdout.writeBytes(bytes);
    }

    @Override
    public synchronized void writeStderr(byte[] bytes) {
        stderr.writeBytes(bytes);
    }

    @Override
    public synchronized void writeFd(int fd, byte[] bytes) {
        otherFd.writeBytes(bytes);
    }

    @Override
    public ProcessBuilder configure(ProcessBuilder builder) {
        builder.directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
    }

    /** As the cold path's LocalCompiler: a compiler that cannot be run fails with distcc 3.4's words. */
    @Override
    public int runHere(List<String> command) {
        Process p;
        try {
            p = configure(new ProcessBuilder(command)).start();
        } catch (IOException e) {
            log().error("failed to exec " + command.getFirst() + ": No such file or directory");
            return 110;
        }
        try {
            p.getOutputStream().close();
            var err = Thread.ofVirtual().start(() -> {
                try {
                    writeStderr(p.getErrorStream().readAllBytes());
                } catch (IOException e) {
                    // the test sees what arrived
                }
            });
            writeStdout(p.getInputStream().readAllBytes());
            err.join();
            return p.waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run " + command, e);
        }
    }
}
