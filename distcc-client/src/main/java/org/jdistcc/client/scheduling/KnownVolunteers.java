package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    private static final int MAX_FILE = 32 * 1024;

    private final Path dir;
    private final Clock clock;

    public KnownVolunteers(Path distccDir, Clock clock) {
        this.dir = distccDir.resolve("volunteers");
        this.clock = clock;
    }

    Path file(HostSpec host) {
        return dir.resolve(host.lockName());
    }

    /** What is known of {@code host} and still fresh, or null. */
    public Known get(HostSpec host) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file(host))) {
            bytes = in.readNBytes(MAX_FILE);
        } catch (IOException e) {
            return null;
        }
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                lines.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
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
        var text = new StringBuilder()
                .append("dialect=")
                .append(dialect.name())
                .append('\n')
                .append("features=")
                .append(Integer.toHexString(features))
                .append('\n')
                .append("learned=")
                .append(clock.millis())
                .append('\n');
        facts.forEach((k, v) -> {
            if (!k.contains("\n") && !v.contains("\n") && !k.contains("=")) {
                text.append(k).append('=').append(v).append('\n');
            }
        });
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file(host), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file(host), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // knowledge is an optimisation
        }
    }

    /** Forgets {@code host}: it failed, and may not be what we thought. */
    public void forget(HostSpec host) {
        try {
            Files.deleteIfExists(file(host));
        } catch (IOException e) {
            // it expires anyway
        }
    }
}
