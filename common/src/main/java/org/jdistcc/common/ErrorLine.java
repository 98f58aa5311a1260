package org.jdistcc.common;

import java.nio.charset.StandardCharsets;

/**
 * distcc's error line, as its logging writes it to stderr ({@code src/trace.c: rs_format_msg}):
 * {@code distcc[1234] ERROR: message} from a running client or daemon, {@code distccd: ERROR:
 * message} where distcc leaves the pid out (its option errors). Build tools and users grep for these
 * words, so both programs write them only through here.
 */
public final class ErrorLine {
    private ErrorLine() {}

    /** {@code program[pid] ERROR: message} and a newline, with this process's pid. */
    public static String of(String program, String message) {
        return program + "[" + ProcessHandle.current().pid() + "] ERROR: " + message + "\n";
    }

    /** {@link #of} as UTF-8 bytes, for a stderr that travels (a reply's {@code SERR}). */
    public static byte[] bytes(String program, String message) {
        return of(program, message).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code program: ERROR: message} and a newline: before the program runs (bad options). */
    public static String withoutPid(String program, String message) {
        return program + ": ERROR: " + message + "\n";
    }
}
