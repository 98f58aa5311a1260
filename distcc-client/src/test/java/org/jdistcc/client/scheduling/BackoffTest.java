package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackoffTest {
    @TempDir
    Path dir;

    final HostSpec host = new HostSpec.Tcp("a", 3632, 4, Compression.NONE, false);

    @Test
    void failedHostIsSkippedForThePeriodThenTriedAgain() {
        Instant t0 = Instant.parse("2026-11-30T12:00:00Z");
        new Backoff(dir, Duration.ofSeconds(60), Clock.fixed(t0, ZoneOffset.UTC)).markFailed(host);
        assertTrue(Files.exists(dir.resolve("backoff_tcp_a_3632_0")), "distcc's file name");
        assertTrue(new Backoff(dir, Duration.ofSeconds(60), Clock.fixed(t0.plusSeconds(59), ZoneOffset.UTC))
                .isBackedOff(host));
        assertFalse(new Backoff(dir, Duration.ofSeconds(60), Clock.fixed(t0.plusSeconds(61), ZoneOffset.UTC))
                .isBackedOff(host));
    }

    @Test
    void successClearsBackoffAndZeroPeriodDisablesIt() {
        var backoff = new Backoff(dir, Duration.ofSeconds(60), Clock.systemUTC());
        backoff.markFailed(host);
        assertTrue(backoff.isBackedOff(host));
        backoff.markSucceeded(host);
        assertFalse(backoff.isBackedOff(host));
        var off = new Backoff(dir, Duration.ZERO, Clock.systemUTC());
        off.markFailed(host);
        assertFalse(off.isBackedOff(host));
    }

    @Test
    void aDistrustedHostIsSkippedForItsDurationWhateverThePeriodAndASuccessDoesNotLiftIt() {
        Instant t0 = Instant.parse("2026-11-30T12:00:00Z");
        new Backoff(dir, Duration.ofSeconds(60), Clock.fixed(t0, ZoneOffset.UTC))
                .markDistrusted(host, Duration.ofHours(1));
        for (Duration period : new Duration[] {Duration.ZERO, Duration.ofSeconds(60)}) {
            var later = new Backoff(dir, period, Clock.fixed(t0.plus(Duration.ofMinutes(59)), ZoneOffset.UTC));
            later.markSucceeded(host); // a job that was in flight there when the mismatch was found
            assertTrue(later.isBackedOff(host), "period " + period);
        }
        assertFalse(new Backoff(dir, Duration.ZERO, Clock.fixed(t0.plus(Duration.ofMinutes(61)), ZoneOffset.UTC))
                .isBackedOff(host));
    }
}
