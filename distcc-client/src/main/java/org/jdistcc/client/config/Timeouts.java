package org.jdistcc.client.config;

import java.time.Duration;

/**
 * How long each step of a remote job may take. distcc 3.4 has a fixed 4 s connect timeout, a
 * {@code DISTCC_IO_TIMEOUT} (300 s) per blocked read or write, and none for name resolution.
 */
public record Timeouts(Duration resolve, Duration connect, Duration io) {
    public static final Timeouts DEFAULT =
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(300));
}
