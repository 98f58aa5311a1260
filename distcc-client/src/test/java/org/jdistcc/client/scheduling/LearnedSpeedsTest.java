package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

class LearnedSpeedsTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final HostSpec HOST = new HostSpec.Tcp("build1", 3632, 4, Compression.NONE, false);

    @TempDir
    Path dir;

    LearnedSpeeds at(Instant when) {
        return new LearnedSpeeds(dir, Clock.fixed(when, ZoneOffset.UTC));
    }

    @Test
    void paceIsSmoothedAndOneHiccupMovesItOnlySoFar() {
        at(T0).observe(HOST, 10, Duration.ofMillis(100));
        assertEquals(10, at(T0).get(HOST).msPerUnit(), 1e-9);
        at(T0).observe(HOST, 10, Duration.ofMillis(10_000));
        assertEquals(10 + 0.3 * (40 - 10), at(T0).get(HOST).msPerUnit(), 1e-9, "bounded to 4 times the pace");
        assertEquals(2, at(T0).get(HOST).samples());
    }

    @Test
    void everyClientOfTheUserSeesWhatAnotherLearned() {
        new LearnedSpeeds(dir, Clock.fixed(T0, ZoneOffset.UTC)).observe(HOST, 4, Duration.ofMillis(80));
        assertEquals(
                20,
                new LearnedSpeeds(dir, Clock.fixed(T0, ZoneOffset.UTC))
                        .get(HOST)
                        .msPerUnit(),
                1e-9);
    }

    @Test
    void aLoadReportIsForgottenWithinSecondsAndAPaceWithinADay() {
        at(T0).observe(HOST, 1, Duration.ofMillis(5));
        at(T0).report(HOST, 0, 3, 4, 5, 250, 12.5);
        assertEquals(
                new LearnedSpeeds.Load(0, 3, 4, 5, 250, T0),
                at(T0.plusSeconds(9)).get(HOST).load());
        assertNull(at(T0.plusSeconds(11)).get(HOST).load());
        assertEquals(5, at(T0.plusSeconds(23 * 3600)).get(HOST).msPerUnit(), 1e-9);
        assertEquals(12.5, at(T0.plusSeconds(23 * 3600)).get(HOST).volunteerPace(), 1e-9, "its own pace, as long");
        assertNull(at(T0.plusSeconds(25 * 3600)).get(HOST));
    }

    @Test
    void aTornOrForeignFileIsNoPace() throws Exception {
        Files.createDirectories(dir.resolve("speeds"));
        Files.writeString(dir.resolve("speeds/tcp_build1_3632"), "ms_per_unit=abc\nlearned=1");
        assertNull(at(T0).get(HOST));
        at(T0).observe(HOST, 2, Duration.ofMillis(10));
        assertEquals(5, at(T0).get(HOST).msPerUnit(), 1e-9, "a bad file is replaced by what is learned");
    }
}
