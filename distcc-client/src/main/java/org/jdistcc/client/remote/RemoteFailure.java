package org.jdistcc.client.remote;

import org.jdistcc.common.ExitCode;

/**
 * A remote job that failed for a reason that is the volunteer's or the network's, not the
 * source's: the host is backed off and the job tried elsewhere. A compile error is not one of
 * these; it comes back as a normal reply.
 */
public final class RemoteFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        CANNOT_RESOLVE(ExitCode.CONNECT_FAILED, "cannot resolve host"),
        CANNOT_CONNECT(ExitCode.CONNECT_FAILED, "cannot connect"),
        CONNECTION_DROPPED(ExitCode.TRUNCATED, "connection dropped"),
        PROTOCOL_ERROR(ExitCode.PROTOCOL_ERROR, "protocol error"),
        BUSY(ExitCode.BUSY, "volunteer busy"),
        COMPILER_MISSING(ExitCode.COMPILER_MISSING, "compiler missing on the volunteer"),
        ACCESS_DENIED(ExitCode.ACCESS_DENIED, "volunteer refused the job"),
        /** The volunteer's compiler of that name is not this machine's: not a fault, the job goes elsewhere. */
        OTHER_COMPILER(ExitCode.ACCESS_DENIED, "the volunteer's compiler is another one"),
        /** A {@code ,tls} volunteer showed a key other than the pinned one, or none is pinned. */
        UNTRUSTED_VOLUNTEER(ExitCode.CONNECT_FAILED, "volunteer not trusted"),
        /** A TLS volunteer did not admit this client: its key is not authorized, or its token is wrong. */
        CLIENT_REFUSED(ExitCode.ACCESS_DENIED, "volunteer refused this client"),
        /** No TLS with a {@code ,tls} volunteer: it serves plaintext only, or the handshake broke. */
        TLS_FAILED(ExitCode.CONNECT_FAILED, "no TLS"),
        TIMEOUT(ExitCode.TIMEOUT, "timeout"),
        COMPILER_CRASHED(ExitCode.COMPILER_CRASHED, "compiler crashed on the volunteer"),
        IO_ERROR(ExitCode.IO_ERROR, "I/O error"),
        /** {@code JDISTCC_VERIFY}: the volunteer's object differed from this machine's (never thrown, counted). */
        WRONG_OBJECT(ExitCode.IO_ERROR, "object differs from this machine's");

        private final ExitCode exitCode;
        private final String description;

        Kind(ExitCode exitCode, String description) {
            this.exitCode = exitCode;
            this.description = description;
        }

        public ExitCode exitCode() {
            return exitCode;
        }

        public String description() {
            return description;
        }
    }

    private final Kind kind;
    private final byte[] volunteerStderr;
    private final boolean dialectRefused;

    public RemoteFailure(Kind kind, String detail) {
        this(kind, detail, new byte[0]);
    }

    /** @param volunteerStderr what the volunteer said with a status of distcc's own (its error line) */
    public RemoteFailure(Kind kind, String detail, byte[] volunteerStderr) {
        super(kind.description() + ": " + detail);
        this.kind = kind;
        this.volunteerStderr = volunteerStderr.clone();
        this.dialectRefused = false;
    }

    public RemoteFailure(Kind kind, String detail, Throwable cause) {
        this(kind, detail, cause, false);
    }

    private RemoteFailure(Kind kind, String detail, Throwable cause, boolean dialectRefused) {
        super(kind.description() + ": " + detail, cause);
        this.kind = kind;
        this.volunteerStderr = new byte[0];
        this.dialectRefused = dialectRefused;
    }

    /**
     * The volunteer closed a request in jdistcc's dialect without a byte of answer: what distcc 3.4's
     * daemon does with a protocol version it does not know. jdistcc's does it too (a request past its
     * deadline, refused, or a crash), so this only says the volunteer may have become a distcc 3.4
     * one since the client learned it spoke jdistcc's; a hello tells.
     */
    static RemoteFailure dialectRefused(String detail, Throwable cause) {
        return new RemoteFailure(Kind.CONNECTION_DROPPED, detail, cause, true);
    }

    /** Whether this is {@link #dialectRefused}: the same compile may go to the volunteer again in distcc's dialect. */
    public boolean isDialectRefused() {
        return dialectRefused;
    }

    /** The volunteer's own words, for the user when nothing else will be compiled (empty if none). */
    public byte[] volunteerStderr() {
        return volunteerStderr.clone();
    }

    public Kind kind() {
        return kind;
    }
}
