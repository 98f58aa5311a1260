package org.jdistcc.protocol;

import java.nio.file.Path;

/** The content of one bulk element: in memory (small: stderr, stdout) or in a file (sources, objects). */
public sealed interface Payload {
    Payload EMPTY = new Bytes(new byte[0]);

    /**
     * Bytes held in memory. An array component, against the usual rule for records: a payload is
     * written or read once and never compared, and copying stderr defensively would buy nothing.
     */
    @SuppressWarnings("ArrayRecordComponent")
    record Bytes(byte[] content) implements Payload {}

    record InFile(Path path) implements Payload {}
}
