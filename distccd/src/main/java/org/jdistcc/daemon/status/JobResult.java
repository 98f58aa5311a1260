package org.jdistcc.daemon.status;

/**
 * How a job ended, in distcc 3.4's statistics categories ({@code enum stats_e} in {@code
 * src/stats.h}; {@code src/serve.c} maps exit codes to them). Each category is one counter of the
 * {@code <distccstats>} page and one {@code outcome} label of {@code distccd_jobs_total}.
 */
public enum JobResult {
    /** The compiler ran and succeeded. distcc: {@code dcc_compile_ok}. */
    COMPILE_OK("dcc_compile_ok", "compile_ok"),
    /** The compiler ran and failed (the source's fault). distcc: {@code dcc_compile_error}. */
    COMPILE_ERROR("dcc_compile_error", "compile_error"),
    /** The compile was killed by {@code --job-lifetime}. distcc: {@code dcc_compile_timeout}. */
    COMPILE_TIMEOUT("dcc_compile_timeout", "compile_timeout"),
    /** The client went away (EOF, reset, I/O error). distcc: {@code dcc_cli_disconnect}. */
    CLIENT_DISCONNECTED("dcc_cli_disconnect", "client_disconnected"),
    /** A malformed or unsupported request (protocol error). distcc: {@code dcc_rej_bad_req}. */
    REJECTED_BAD_REQUEST("dcc_rej_bad_req", "rejected_bad_request"),
    /** Refused because the server was full. distcc: {@code dcc_rej_overload}. */
    REJECTED_OVERLOAD("dcc_rej_overload", "rejected_overload"),
    /** Anything else: access denied, compiler not allowed or missing, no output. distcc: {@code dcc_other}. */
    OTHER("dcc_other", "other");

    private final String distccName;
    private final String label;

    JobResult(String distccName, String label) {
        this.distccName = distccName;
        this.label = label;
    }

    /** The counter's name on distcc's {@code <distccstats>} page. */
    String distccName() {
        return distccName;
    }

    /** The {@code outcome} label value in {@code /metrics} and the key in {@code /status}. */
    String label() {
        return label;
    }

    /** Whether the compiler ran: these jobs count in the compile-time histogram and the windows. */
    boolean ranCompiler() {
        return this == COMPILE_OK || this == COMPILE_ERROR || this == COMPILE_TIMEOUT;
    }
}
