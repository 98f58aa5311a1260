package org.jdistcc.daemon.serving;

import org.jdistcc.daemon.status.JobResult;

/** How a job ended, as its log line says it. */
enum JobOutcome {
    OK("ok"),
    /** A jdistcc client asked what we serve; no job. */
    HELLO("hello"),
    /** A jdistcc client waited for a slot and left without a job: another volunteer invited it first. */
    NOT_TAKEN("not-taken"),
    /** A jdistcc client asked to wait for a slot and was told no: the room was full, or no slot came in time. */
    NOT_INVITED("not-invited"),
    COMPILE_FAILED("compile-failed"),
    REFUSED("refused"),
    CLIENT_OVER_LIMIT("client-over-limit"),
    /** The compiler of the name asked for is not the one the client has. */
    OTHER_COMPILER("other-compiler"),
    COMPILER_MISSING("compiler-missing"),
    TIMEOUT("job-lifetime-exceeded"),
    CLIENT_GONE("client-disconnected"),
    NO_REQUEST("no-request"),
    PROTOCOL_ERROR("protocol-error"),
    REQUEST_TIMEOUT("request-timeout"),
    UNSUPPORTED("unsupported-protocol"),
    NO_OUTPUT("no-output"),
    IO_ERROR("io-error");

    private final String text;

    JobOutcome(String text) {
        this.text = text;
    }

    /** distcc 3.4's counters ({@code dcc_compile_ok}, {@code dcc_rej_bad_req}, ...) for our outcomes. */
    JobResult result() {
        return switch (this) {
            case OK -> JobResult.COMPILE_OK;
            case COMPILE_FAILED -> JobResult.COMPILE_ERROR;
            case TIMEOUT -> JobResult.COMPILE_TIMEOUT;
            case CLIENT_GONE, IO_ERROR -> JobResult.CLIENT_DISCONNECTED;
            case PROTOCOL_ERROR, UNSUPPORTED, NO_REQUEST, REQUEST_TIMEOUT -> JobResult.REJECTED_BAD_REQUEST;
            case CLIENT_OVER_LIMIT -> JobResult.REJECTED_OVERLOAD;
            default -> JobResult.OTHER;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
