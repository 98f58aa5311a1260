package org.jdistcc.client.scheduling;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdistcc.client.hosts.HostSpec;

/**
 * What this user's clients have learned about each volunteer, shared through {@code
 * $DISTCC_DIR/volunteers/}: one small file per host, replaced whole by a rename so that concurrent
 * clients and a crash never leave half a file. Knowledge expires (a volunteer may be upgraded or
 * replaced): a jdistcc volunteer is asked again after a day, a distcc one after an hour.
 */
public final class KnownVolunteers {
    /** What a volunteer answered to a hello. */
    public enum Dialect {
        /** A jdistcc daemon, with the feature bits it serves. */
        JDISTCC,
        /** Silence: distcc 3.4's daemon, which closes on a dialect it does not know. */
        DISTCC
    }

    /**
     * What was learned of one volunteer, and when.
     *
     * @param features the jdistcc feature bits served (0 for distcc)
     * @param facts what the volunteer said of itself
     */
    public record Known(Dialect dialect, int features, Instant learned, Map<String, String> facts) {
        public Known {
            facts = Map.copyOf(facts);
        }
    }

    static final Duration JDISTCC_TTL = Duration.ofDays(1);
    static final Duration DISTCC_TTL = Duration.ofHours(1);

    private final HostFiles files;
    private final Clock clock;

    public KnownVolunteers(Path distccDir, Clock clock) {
        this.files = new HostFiles(distccDir.resolve("volunteers"));
        this.clock = clock;
    }

    Path file(HostSpec host) {
        return files.file(host.lockName());
    }

    /** What is known of {@code host} and still fresh, or null. */
    public Known get(HostSpec host) {
        Map<String, String> lines = new LinkedHashMap<>(files.read(host.lockName()));
        try {
            Dialect dialect = Dialect.valueOf(lines.remove("dialect"));
            int features = Integer.parseInt(lines.remove("features"), 16);
            Instant learned = Instant.ofEpochMilli(Long.parseLong(lines.remove("learned")));
            Duration ttl = dialect == Dialect.JDISTCC ? JDISTCC_TTL : DISTCC_TTL;
            if (learned.plus(ttl).isBefore(clock.instant())
                    || learned.isAfter(clock.instant().plusSeconds(60))) {
                return null;
            }
            return new Known(dialect, features, learned, lines);
        } catch (RuntimeException e) {
            return null; // not ours, or from another version: ask again
        }
    }

    /** Records what {@code host} answered now; best effort (a read-only DISTCC_DIR just asks again). */
    public void remember(HostSpec host, Dialect dialect, int features, Map<String, String> facts) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("dialect", dialect.name());
        lines.put("features", Integer.toHexString(features));
        lines.put("learned", Long.toString(clock.millis()));
        facts.forEach(lines::putIfAbsent);
        files.write(host.lockName(), lines);
    }

    /** Forgets {@code host}: it failed, and may not be what we thought. */
    public void forget(HostSpec host) {
        files.delete(host.lockName());
    }
}
