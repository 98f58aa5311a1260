package org.jdistcc.client.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything about one compile that a plain process takes from its surroundings: working
 * directory, environment, umask, where stdout and stderr go, and the files and processes to clean
 * up if the compile is abandoned. The cold path (one JVM per compile) uses the process's own
 * ({@link ProcessContext}); the agent (one JVM for many compiles) makes one per request, because
 * there its own {@code user.dir}, environment and fds 1 and 2 belong to nobody's compile.
 *
 * <p>Passed explicitly to whatever needs it: a class's dependencies show in its constructor.
 */
public abstract class JobContext {
    private final TempFiles temps;
    private volatile Log log;

    /** TempFiles only keeps the reference: it calls back once a subclass registers something. */
    @SuppressWarnings("this-escape")
    protected JobContext() {
        this.temps = new TempFiles(this);
    }

    public abstract Path cwd();

    /** The environment the client was started with; read through {@code config.Settings}. */
    public abstract Map<String, String> env();

    /** The permission bits the job's process would mask off new files. */
    public abstract int umask();

    /** The pid distcc's messages name: the client's. */
    public abstract long pid();

    /** Whether the stderr the compile's diagnostics go to is a terminal. */
    public abstract boolean stderrIsTerminal();

    public abstract void writeStdout(byte[] bytes) throws IOException;

    public abstract void writeStderr(byte[] bytes) throws IOException;

    /** Writes to another of the client's file descriptors ({@code UNCACHED_ERR_FD}). */
    public abstract void writeFd(int fd, byte[] bytes) throws IOException;

    /**
     * Runs the real compiler as the user's own process would: with the client's stdin, stdout,
     * stderr, environment and signals. Returns its exit status.
     */
    public abstract int runHere(List<String> command);

    /** Where the client's own messages go; warnings to stderr until the settings choose. */
    public Log log() {
        Log current = log;
        if (current == null) {
            current = Log.toStderr(this);
            log = current;
        }
        return current;
    }

    /** Sends the client's messages to {@code chosen} from now on (once the settings are read). */
    public void useLog(Log chosen) {
        log = chosen;
    }

    /** The files and processes that must not outlive this job. */
    public TempFiles temps() {
        return temps;
    }

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

    /** Called once the first file or process is registered: the cold path hooks JVM exit. */
    void firstRegistration() {}
}
