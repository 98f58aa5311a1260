package org.jdistcc.client.job;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The client's own messages, with distcc 3.4's rules ({@code src/traceenv.c}): one destination and
 * one level per job. {@code DISTCC_LOG=FILE} sends every message (warnings and errors too) to that
 * file, at level info; if the file cannot be opened, to stderr with an error saying so. Otherwise
 * messages go to the fd named by {@code UNCACHED_ERR_FD} (ccache sets it, so that distcc's
 * warnings are not cached as compiler output) or to stderr, warnings and errors only. {@code
 * DISTCC_VERBOSE=1} adds everything. Lines read {@code distcc[PID] ERROR: ...} ({@code
 * rs_format_msg}); this is the one place that writes that prefix.
 *
 * <p>Not a logging framework: initialising one costs more than a whole compile.
 */
public final class Log implements AutoCloseable {
    /** distcc's severities that the client uses, most severe first. */
    public enum Level {
        CRITICAL("CRITICAL! "),
        ERROR("ERROR: "),
        WARNING("Warning: "),
        INFO(""),
        DEBUG("");

        private final String tag;

        Level(String tag) {
            this.tag = tag;
        }
    }

    private final JobContext job;
    private final OutputStream file;
    private final int uncachedFd;
    private final Level level;
    private final String prefix;

    private Log(JobContext job, OutputStream file, int uncachedFd, Level level) {
        this.job = job;
        this.file = file;
        this.uncachedFd = uncachedFd;
        this.level = level;
        this.prefix = "distcc[" + job.pid() + "] ";
    }

    /** Before the settings are read: warnings and errors to stderr. */
    public static Log toStderr(JobContext job) {
        return new Log(job, null, 0, Level.WARNING);
    }

    /**
     * The client's messages as the settings direct them.
     *
     * @param logFile {@code DISTCC_LOG}, or null/empty
     * @param verbosity what {@code DISTCC_VERBOSE} asks for: DEBUG for {@code 1}, INFO for {@code
     *     info} (only why each compile went where it went), WARNING otherwise
     * @param uncachedFd {@code UNCACHED_ERR_FD}, 0 when unset or not a number
     */
    public static Log open(JobContext job, String logFile, Level verbosity, int uncachedFd) {
        if (logFile != null && !logFile.isEmpty()) {
            try {
                var out = new FileOutputStream(job.resolve(logFile).toFile(), true);
                return new Log(job, out, 0, verbosity == Level.DEBUG ? Level.DEBUG : Level.INFO);
            } catch (IOException e) {
                var log = new Log(job, null, 0, verbosity);
                log.error("failed to open logfile " + logFile + ": " + reason(e));
                return log;
            }
        }
        return new Log(job, null, uncachedFd, verbosity);
    }

    /** Whether debug lines are written: lets a caller skip building an expensive message. */
    public boolean debugging() {
        return level == Level.DEBUG;
    }

    public void critical(String message) {
        write(Level.CRITICAL, message);
    }

    public void error(String message) {
        write(Level.ERROR, message);
    }

    public void warning(String message) {
        write(Level.WARNING, message);
    }

    public void info(String message) {
        write(Level.INFO, message);
    }

    public void debug(String message) {
        write(Level.DEBUG, message);
    }

    private void write(Level at, String message) {
        if (at.compareTo(level) > 0) {
            return;
        }
        byte[] line = (prefix + at.tag + message + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (file != null) {
                file.write(line);
            } else if (uncachedFd > 0) {
                job.writeFd(uncachedFd, line);
            } else {
                job.writeStderr(line);
            }
        } catch (IOException e) {
            // a broken log must not break the compile
        }
    }

    /** Closes the log file (the agent opens one per job). */
    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing more to write
            }
        }
    }

    /** strerror's words for the usual causes, as distcc prints them. */
    private static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Permission denied")) {
            return "Permission denied";
        }
        if (m.contains("No such file")) {
            return "No such file or directory";
        }
        if (m.contains("Is a directory")) {
            return "Is a directory";
        }
        return m;
    }
}
