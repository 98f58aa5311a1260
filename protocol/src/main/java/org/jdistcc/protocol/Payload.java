package org.jdistcc.protocol;

import java.nio.file.Path;

/** The content of one bulk element: in memory (small: stderr, stdout) or in a file (sources, objects). */
public sealed interface Payload {
    Payload EMPTY = new Bytes(new byte[0]);

    record Bytes(byte[] content) implements Payload {}

    record InFile(Path path) implements Payload {}
}
