package org.jdistcc.protocol;

/**
 * Bounds on everything a peer can make us allocate. A peer that exceeds one gets a {@link
 * ProtocolException} of kind {@link ProtocolException.Kind#TOO_LARGE}, never an OutOfMemoryError.
 */
public record Limits(int maxArgs, int maxArgLength, long maxBodySize, int maxFiles, int maxNameLength) {
    public static final Limits DEFAULT = new Limits(4096, 64 * 1024, 512L * 1024 * 1024, 65536, 4096);

    public Limits {
        if (maxArgs < 1 || maxArgLength < 1 || maxBodySize < 1 || maxFiles < 0 || maxNameLength < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public Limits withMaxBodySize(long size) {
        return new Limits(maxArgs, maxArgLength, size, maxFiles, maxNameLength);
    }
}
