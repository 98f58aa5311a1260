package org.jdistcc.client.compile;

import java.util.Locale;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.scheduling.LinkRates;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.CompressionMeter;

/**
 * Whether compressing pays on the link to a volunteer that the host list leaves unmarked (distcc's
 * TODO: "can compression automatically be turned on?"). Compressing N bytes costs N / speed here
 * and saves N × (1 − ratio) / rate on the link, so it pays below rate = speed × (1 − ratio); it
 * must save {@link #MARGIN} times what it costs: compress where the link is slower than a quarter
 * of that. The speed and ratio are this process's own measure of the codec
 * ({@link CompressionMeter}), the rate what {@link LinkRates} learned. A link not measured yet
 * (or not for a day) goes uncompressed, as distcc sends to an unmarked host: its replies are what
 * measure it, and a compressed reply is mostly too short to say much. So a slow link costs one or
 * two uncompressed jobs a day, and a fast one never pays for compressing.
 */
final class Compressing {
    /** What C1-compiled codecs do with preprocessed C until this process has measured its own. */
    static final CompressionMeter.Measure LZ4_GUESS = new CompressionMeter.Measure(300e6, 0.3);

    static final CompressionMeter.Measure LZO_GUESS = new CompressionMeter.Measure(150e6, 0.3);
    /**
     * Compressing must save this many times what it costs: CPU here is what a farm runs short of
     * first, and a link's measured rate reads low on a busy client (time spent descheduled inside a
     * read counts as waiting): loopback on a loaded machine measured at 95 MB/s.
     */
    static final double MARGIN = 4;

    /**
     * A choice, and why, for the log.
     *
     * @param marked whether the host list made it, not a measure
     */
    record Choice(boolean compress, String why, boolean marked) {}

    private final LinkRates links;

    Compressing(LinkRates links) {
        this.links = links;
    }

    /**
     * Whether jobs to {@code host} go compressed with {@code codec}: always where the host list marks
     * the host ({@code ,lzo}, {@code ,lz4}), else as the link's speed says, with the reason logged.
     */
    boolean compresses(HostSpec host, Compression codec, Log log) {
        Choice choice = choose(host, codec);
        if (!choice.marked()) {
            log.debug((choice.compress() ? "compressing for " : "not compressing for ") + host + ": " + choice.why());
        }
        return choice.compress();
    }

    /** The choice for {@code host}'s next job, and why: the host list's marker, or the link's rate. */
    Choice choose(HostSpec host, Compression codec) {
        Compression marked = switch (host) {
            case HostSpec.Tcp t -> t.compression();
            case HostSpec.Ssh s -> s.compression();
            case HostSpec.Local l -> Compression.NONE;
        };
        if (marked != Compression.NONE) {
            return new Choice(true, "marked ," + marked.name().toLowerCase(Locale.ROOT), true);
        }
        double rate = links.rate(host);
        if (Double.isNaN(rate)) {
            return new Choice(false, "the link's speed is not measured yet", false);
        }
        return decide(rate, codec, measureOf(codec));
    }

    static Choice decide(double rate, Compression codec, CompressionMeter.Measure codecMeasure) {
        double pays = codecMeasure.bytesPerSecond() * (1 - codecMeasure.ratio()) / MARGIN;
        boolean compress = rate < pays;
        return new Choice(
                compress,
                String.format(
                        Locale.ROOT, "the link carries %s; %s pays below %s", megabytes(rate), codec, megabytes(pays)),
                false);
    }

    private static CompressionMeter.Measure measureOf(Compression codec) {
        CompressionMeter.Measure measured = CompressionMeter.measured(codec);
        if (measured != null) {
            return measured;
        }
        return codec == Compression.LZO ? LZO_GUESS : LZ4_GUESS;
    }

    static String megabytes(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
    }
}
