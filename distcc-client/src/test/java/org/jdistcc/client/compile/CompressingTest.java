package org.jdistcc.client.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import org.jdistcc.client.hosts.HostListParser;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.job.TestJob;
import org.jdistcc.client.scheduling.LinkRates;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.CompressionMeter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When compressing pays: the link's rate against the codec's speed and ratio, with a margin. */
class CompressingTest {
    static final CompressionMeter.Measure CODEC = new CompressionMeter.Measure(400e6, 0.25); // pays below 75 MB/s

    @TempDir
    Path distccDir;

    @Test
    void aLinkSlowerThanAQuarterOfWhatCompressingSavesIsCompressed() {
        assertTrue(Compressing.decide(12.5e6, Compression.LZ4, CODEC).compress(), "100 Mbit/s");
        assertFalse(Compressing.decide(117e6, Compression.LZ4, CODEC).compress(), "1 Gbit/s");
        assertFalse(
                Compressing.decide(95e6, Compression.LZ4, CODEC).compress(), "loopback, measured on a busy machine");
        assertFalse(Compressing.decide(1.1e9, Compression.LZ4, CODEC).compress(), "10 Gbit/s");
        assertFalse(Compressing.decide(3e9, Compression.LZ4, CODEC).compress(), "loopback");
        assertEquals(
                "the link carries 12.5 MB/s; LZ4 pays below 75.0 MB/s",
                Compressing.decide(12.5e6, Compression.LZ4, CODEC).why());
    }

    @Test
    void anUnmeasuredLinkGoesUncompressedAndAMarkedHostAlwaysCompresses() {
        var compressing = new Compressing(new LinkRates(distccDir, Clock.systemUTC()));
        HostSpec unmarked = host("10.0.0.1");
        assertFalse(compressing.compresses(unmarked, Compression.LZ4, log()));
        assertFalse(compressing.compresses(unmarked, Compression.LZO, log()));
        assertTrue(compressing.compresses(host("10.0.0.2,lzo"), Compression.LZO, log()));
    }

    @Test
    void aMeasuredLinkDecides() {
        var links = new LinkRates(distccDir, Clock.systemUTC());
        var compressing = new Compressing(links);
        HostSpec slow = host("10.0.0.3");
        HostSpec fast = host("10.0.0.4");
        links.observe(slow, 1_000_000, 1_000_000_000L); // 1 MB/s
        links.observe(fast, 4_000_000, 1_000_000L); // 4 GB/s
        assertTrue(compressing.compresses(slow, Compression.LZO, log()));
        assertFalse(compressing.compresses(fast, Compression.LZ4, log()));
    }

    private Log log() {
        return Log.toStderr(new TestJob(distccDir, java.util.Map.of()));
    }

    private static HostSpec host(String spec) {
        try {
            return new HostListParser(2).parse(spec, "test").hosts().getFirst();
        } catch (org.jdistcc.client.hosts.HostListException e) {
            throw new AssertionError(e);
        }
    }
}
