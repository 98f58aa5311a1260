package org.jdistcc.common;

/**
 * The exit codes distcc 3.4 uses for its own failures ({@code src/exitcode.h}). Any other status a
 * client returns is the compiler's own exit code, or 128 + signal.
 */
public enum ExitCode {
    GENERAL(100, "general error"),
    BAD_ARGUMENTS(101, "bad arguments"),
    BIND_FAILED(102, "bind failed"),
    CONNECT_FAILED(103, "connect failed"),
    COMPILER_CRASHED(104, "compiler crashed"),
    OUT_OF_MEMORY(105, "out of memory"),
    BAD_HOSTSPEC(106, "bad host specification"),
    IO_ERROR(107, "I/O error"),
    TRUNCATED(108, "truncated (early end of stream)"),
    PROTOCOL_ERROR(109, "protocol error"),
    COMPILER_MISSING(110, "compiler missing"),
    RECURSION(111, "distcc invoked recursively"),
    SETUID_FAILED(112, "setuid failed"),
    ACCESS_DENIED(113, "access denied"),
    BUSY(114, "busy"),
    NO_SUCH_FILE(115, "no such file"),
    NO_HOSTS(116, "no hosts"),
    GONE(117, "gone"),
    TIMEOUT(118, "timeout"),
    GSSAPI_FAILED(119, "GSS-API failed"),
    LOCAL_CPP_FAILED(120, "local preprocessor failed");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The distcc code with this number, or null when the number is a compiler's own status. */
    public static ExitCode of(int code) {
        for (ExitCode e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
