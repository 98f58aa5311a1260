package org.jdistcc.client.discovery;

import java.time.Duration;
import java.util.List;
import org.jdistcc.client.hosts.DiscoveryWord;

/**
 * What one discovery word found, and for how long it holds: the least TTL of the records it came
 * from, within {@link #MIN_TTL} and {@link #MAX_TTL}.
 */
record Expansion(List<String> words, List<String> warnings, Duration ttl) {
    /** A TTL of 0 ("do not cache") still covers a burst of compiles started together. */
    static final Duration MIN_TTL = Duration.ofSeconds(1);

    static final Duration MAX_TTL = Duration.ofHours(1);

    /** A failed lookup is not repeated for this long, so a dead name server costs one timeout, not one per compile. */
    static final Duration FAILURE_TTL = Duration.ofSeconds(15);

    Expansion {
        words = List.copyOf(words);
        warnings = List.copyOf(warnings);
        ttl = ttl.compareTo(MIN_TTL) < 0 ? MIN_TTL : ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
    }

    static Expansion failed(String warning) {
        return new Expansion(List.of(), List.of(warning), FAILURE_TTL);
    }

    DiscoveryWord.Found found() {
        return new DiscoveryWord.Found(words, warnings);
    }
}
