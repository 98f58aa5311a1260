package org.jdistcc.protocol;

/**
 * The four-letter names of distcc's wire elements ({@code src/rpc.c}). Each element is the name, 8
 * hex digits, and for payload tokens that many bytes.
 */
public enum Token {
    DIST(false),
    ARGC(false),
    ARGV(true),
    DOTI(true),
    DONE(false),
    STAT(false),
    SERR(true),
    SOUT(true),
    DOTO(true),
    DOTD(true),
    CDIR(true),
    NFIL(false),
    NAME(true),
    FILE(true),
    LINK(true),
    /** jdistcc extension: the count of extra output files that follow (side files such as .dwo). */
    XFIL(false),
    /** jdistcc extension: the name of one extra output file, relative to the object's directory. */
    XNAM(true),
    /** jdistcc source mode: the count of environment entries that follow. */
    NENV(false),
    /** jdistcc source mode: one {@code NAME=value} environment entry for the compiler. */
    ENVV(true),
    /** jdistcc source mode: a file's modification time, seconds since the epoch (unsigned). */
    MTIM(false),
    /** jdistcc source mode: the preceding {@code NAME} is a directory that must exist (value 0). */
    XDIR(false);

    private final boolean payload;

    Token(boolean payload) {
        this.payload = payload;
    }

    /** Whether the number after the name is the length of bytes that follow. */
    public boolean hasPayload() {
        return payload;
    }
}
