package org.jdistcc.daemon.serving;

/** How a job ended, as its log line says it. */
enum JobOutcome {
    OK("ok"),
    /** A jdistcc client asked what we serve; no job. */
    HELLO("hello"),
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

    @Override
    public String toString() {
        return text;
    }
}
