package org.jdistcc.protocol;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How fast this process has compressed, and how much, per codec: what a client weighs against a
 * link's speed to decide whether compressing pays. Every payload {@link Codec} compresses counts.
 */
public final class CompressionMeter {
    /**
     * @param bytesPerSecond input bytes compressed per second of compressing
     * @param ratio output bytes per input byte
     */
    public record Measure(double bytesPerSecond, double ratio) {}

    /** Less than this says little: the first payloads run before the JIT has compiled the codec. */
    static final long MIN_BYTES = 1 << 20;

    private record Counters(LongAdder in, LongAdder out, LongAdder nanos) {}

    private static final Map<Compression, Counters> COUNTERS = new EnumMap<>(Compression.class);

    static {
        for (Compression c : Compression.values()) {
            COUNTERS.put(c, new Counters(new LongAdder(), new LongAdder(), new LongAdder()));
        }
    }

    private CompressionMeter() {}

    static void record(Compression compression, long in, long out, long nanos) {
        Counters c = COUNTERS.get(compression);
        c.in.add(in);
        c.out.add(out);
        c.nanos.add(nanos);
    }

    /** What {@code compression} did in this process, or null before {@link #MIN_BYTES} of it. */
    public static Measure measured(Compression compression) {
        Counters c = COUNTERS.get(compression);
        long in = c.in.sum();
        long nanos = c.nanos.sum();
        if (in < MIN_BYTES || nanos <= 0) {
            return null;
        }
        return new Measure(in / (nanos / 1e9), (double) c.out.sum() / in);
    }
}
