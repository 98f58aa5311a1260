package org.jdistcc.protocol;

/**
 * The four-letter names of distcc's wire elements ({@code src/rpc.c}). Each element is the name, 8
 * hex digits, and for payload tokens that many bytes.
 */
public enum Token {
    DIST,
    ARGC,
    ARGV,
    DOTI,
    DONE,
    STAT,
    SERR,
    SOUT,
    DOTO,
    DOTD,
    CDIR,
    NFIL,
    NAME,
    FILE,
    LINK,
    /** jdistcc extension: the count of extra output files that follow (side files such as .dwo). */
    XFIL,
    /** jdistcc extension: the name of one extra output file, relative to the object's directory. */
    XNAM,
    /** jdistcc source mode: the count of environment entries that follow. */
    NENV,
    /** jdistcc source mode: one {@code NAME=value} environment entry for the compiler. */
    ENVV,
    /** jdistcc source mode: a file's modification time, seconds since the epoch (unsigned). */
    MTIM,
    /** jdistcc source mode: the preceding {@code NAME} is a directory that must exist (value 0). */
    XDIR,
    /** jdistcc hello: the daemon's facts about itself, {@code key=value} lines. */
    HELO
}
