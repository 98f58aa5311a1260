package org.jdistcc.client.scheduling;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jdistcc.client.hosts.HostSpec;

/**
 * How fast the link to each volunteer has carried its replies, learned from compiles and shared by
 * the user's clients: one small file per host in {@code $DISTCC_DIR/links/}. A rate is bytes per
 * second of waiting for them ({@code remote.ReadClock}), smoothed on a log scale (a link is 10 MB/s
 * or 1 GB/s, not 500 either way). Replies are taken to cross the link as fast as requests do.
 */
public final class LinkRates {
    /** Shorter replies come in a packet or two: their time says little of the link. */
    static final long MIN_BYTES = 16 * 1024;
    /** A read quicker than this found its bytes waiting: counted as this long, so the rate stays finite. */
    static final long MIN_NANOS = 20_000;

    static final double SMOOTHING = 0.3;
    /** A rate not confirmed for this long is forgotten: the network may have changed. */
    static final Duration TTL = Duration.ofDays(1);

    private final HostFiles files;
    private final Clock clock;

    public LinkRates(Path distccDir, Clock clock) {
        this.files = new HostFiles(distccDir.resolve("links"));
        this.clock = clock;
    }

    /** Learns from one reply of {@code bytes} that took {@code nanos} to arrive; too short says nothing. */
    public void observe(HostSpec host, long bytes, long nanos) {
        if (bytes < MIN_BYTES || nanos < 0) {
            return;
        }
        double sample = bytes / (Math.max(nanos, MIN_NANOS) / 1e9);
        double old = rate(host);
        double rate =
                Double.isNaN(old) ? sample : Math.exp(Math.log(old) + SMOOTHING * (Math.log(sample) - Math.log(old)));
        files.write(
                host.lockName(),
                Map.of(
                        "bytes_per_s", String.format(Locale.ROOT, "%.0f", rate),
                        "learned", Long.toString(clock.millis())));
    }

    /** The link's learned rate in bytes per second, or NaN when nothing recent is known. */
    public double rate(HostSpec host) {
        Map<String, String> lines = files.read(host.lockName());
        String rate = lines.get("bytes_per_s");
        String learned = lines.get("learned");
        if (rate == null || learned == null) {
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(rate);
            long at = Long.parseLong(learned);
            boolean fresh = at + TTL.toMillis() > clock.millis() && at <= clock.millis() + 60_000;
            return value > 0 && Double.isFinite(value) && fresh ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN; // another version's file
        }
    }
}
