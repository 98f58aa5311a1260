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
    /** jdistcc source mode: every input by name and digest ({@link Manifest}), one payload. */
    MANI,
    /** jdistcc source mode: the volunteer's answer, the manifest positions whose content it lacks ({@link Need}). */
    NEED,
    /** jdistcc hello: the daemon's facts about itself, {@code key=value} lines. */
    HELO,
    /** jdistcc identity feature: the client's compiler identity digest, after the {@code ARGV}s (may be empty). */
    CIDN,
    /** jdistcc identity feature: how the reply was made ({@link Reply#flags()}), right after {@code DONE}. */
    XRES,
    /** jdistcc TLS: the client's access token, first thing inside TLS (may be empty; {@link TlsAdmission}). */
    TOKN,
    /** jdistcc TLS: the volunteer's answer to {@code TOKN}, 0 admitted, else a reason ({@code SERR}) follows. */
    ADMT
}
