package org.jdistcc.common;

/**
 * The exit codes distcc 3.4 uses for its own failures ({@code src/exitcode.h}). Any other status a
 * client returns is the compiler's own exit code, or 128 + signal.
 */
public enum ExitCode {
    GENERAL(100),
    BAD_ARGUMENTS(101),
    BIND_FAILED(102),
    CONNECT_FAILED(103),
    COMPILER_CRASHED(104),
    OUT_OF_MEMORY(105),
    BAD_HOSTSPEC(106),
    IO_ERROR(107),
    TRUNCATED(108),
    PROTOCOL_ERROR(109),
    COMPILER_MISSING(110),
    RECURSION(111),
    SETUID_FAILED(112),
    ACCESS_DENIED(113),
    BUSY(114),
    NO_SUCH_FILE(115),
    NO_HOSTS(116),
    GONE(117),
    TIMEOUT(118),
    GSSAPI_FAILED(119),
    LOCAL_CPP_FAILED(120);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
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
