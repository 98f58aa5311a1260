package org.jdistcc.common.process;

/** The few errno values this package acts on, and words for the others. */
final class Errno {
    static final int EINTR = 4;
    static final int ENOENT = 2;
    static final int EACCES = 13;

    private Errno() {}

    static String describe(int errno) {
        return switch (errno) {
            case ENOENT -> "No such file or directory";
            case EACCES -> "Permission denied";
            case EINTR -> "Interrupted system call";
            default -> "error " + errno;
        };
    }
}
