package org.jdistcc.daemon.serving;

import org.jdistcc.daemon.net.ClientConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line each job leaves in the log: who, what, how it ended, how long, how many bytes.
 * Failures of the daemon or the client are warnings; compiles, good or bad, are info.
 */
final class JobLog {
    private static final Logger LOG = LoggerFactory.getLogger("org.jdistcc.daemon.jobs");

    private final long number;
    private final ClientConnection connection;
    private final long startNanos = System.nanoTime();
    private String protocol = "-";
    private String compiler = "-";
    private String source = "-";
    private int status = -1;
    private String cache;

    JobLog(long number, ClientConnection connection) {
        this.number = number;
        this.connection = connection;
    }

    void protocol(Object version) {
        this.protocol = String.valueOf(version);
    }

    void compiler(String name) {
        this.compiler = name;
    }

    void source(String name) {
        this.source = name;
    }

    void status(int waitStatus) {
        this.status = waitStatus;
    }

    /** What the result cache did: {@code hit}, {@code shared-hit}, {@code miss}, {@code uncacheable}. */
    void cache(String what) {
        this.cache = what;
    }

    void end(JobOutcome outcome, String detail) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        String line = String.format(
                "job %d client=%s proto=%s compiler=%s source=%s outcome=%s%s%s ms=%d in=%d out=%d",
                number,
                connection.peer(),
                protocol,
                compiler,
                source,
                outcome,
                status >= 0 ? " status=" + statusText(status) : "",
                cache == null ? "" : " cache=" + cache,
                ms,
                connection.bytesIn(),
                connection.bytesOut());
        if (detail != null) {
            line += " (" + detail + ")";
        }
        switch (outcome) {
            // Clients ask a volunteer how busy it is every few hundred milliseconds while they place.
            case HELLO -> LOG.debug(line);
            case OK, COMPILE_FAILED, REFUSED, CLIENT_OVER_LIMIT, COMPILER_MISSING, NO_REQUEST -> LOG.info(line);
            default -> LOG.warn(line);
        }
    }

    private static String statusText(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal != 0 ? "signal" + signal : Integer.toString((waitStatus >>> 8) & 0xff);
    }
}
