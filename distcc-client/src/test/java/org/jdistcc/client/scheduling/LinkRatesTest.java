package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdistcc.client.hosts.HostSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A link's rate, learned from replies and shared through DISTCC_DIR. */
class LinkRatesTest {
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path distccDir;

    @Test
    void shortRepliesSayNothingAndLongOnesAreAveragedOnALogScale() {
        var rates = new LinkRates(distccDir, Clock.fixed(NOW, ZoneOffset.UTC));
        HostSpec host = host(3632);
        rates.observe(host, 10_000, 1_000_000_000L);
        assertTrue(Double.isNaN(rates.rate(host)), "10 KB in a second is one packet waiting, not a link");

        rates.observe(host, 1_000_000, 1_000_000_000L);
        assertEquals(1e6, rates.rate(host), 1);
        rates.observe(host, 100_000_000, 1_000_000_000L); // a hundred times faster once
        double rate = rates.rate(host);
        assertEquals(Math.pow(10, 6 + 0.3 * 2), rate, rate * 1e-3, "a third of the way on a log scale");
        assertTrue(Double.isNaN(new LinkRates(distccDir, Clock.systemUTC()).rate(host(3633))), "per host");
    }

    @Test
    void bytesThatWereWaitingCountAsAFastLinkAndOldRatesAreForgotten() {
        var rates = new LinkRates(distccDir, Clock.fixed(NOW, ZoneOffset.UTC));
        HostSpec host = host(3632);
        rates.observe(host, 1_000_000, 0);
        assertEquals(1e6 / (LinkRates.MIN_NANOS / 1e9), rates.rate(host), 1e3);
        var later = new LinkRates(
                distccDir, Clock.fixed(NOW.plus(LinkRates.TTL).plus(Duration.ofSeconds(1)), ZoneOffset.UTC));
        assertTrue(Double.isNaN(later.rate(host)), "learned a day ago");
    }

    private static HostSpec host(int port) {
        return new HostSpec.Tcp("127.0.0.1", port, 2, org.jdistcc.protocol.Compression.NONE, false);
    }
}
