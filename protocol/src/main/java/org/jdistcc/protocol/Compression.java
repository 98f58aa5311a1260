package org.jdistcc.protocol;

/** How bulk payloads (DOTI, FILE, SERR, SOUT, DOTO, DOTD) travel. */
public enum Compression {
    NONE,
    /** LZO1X, as liblzo2's {@code lzo1x_1_compress}: distcc protocols 2 and 3. */
    LZO,
    /** LZ4 block format: jdistcc's extension, only between two jdistcc ends. */
    LZ4
}
