package org.jdistcc.protocol;

import java.util.List;

/**
 * A volunteer's answer to a {@link Manifest}: the positions of the file entries whose content it
 * lacks, in increasing order. The client then sends exactly those, one {@code FILE} each, in that
 * order. On the wire: one {@code NEED} payload of 4-byte big-endian positions.
 */
public record Need(List<Integer> indices) implements Message {
    public Need {
        indices = List.copyOf(indices);
    }
}
