package org.jdistcc.daemon.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How much a {@link FileCache} keeps: at most {@code maxBytes} of file content and {@code maxFiles}
 * files (each file also costs an inode and an index entry, however small), none unused longer than
 * {@code maxAge}. A zero bound keeps nothing.
 */
public record CacheBounds(long maxBytes, int maxFiles, Duration maxAge) {
    public CacheBounds {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxBytes < 0 || maxFiles < 0 || maxAge.isNegative()) {
            throw new IllegalArgumentException("negative cache bound");
        }
    }
}
