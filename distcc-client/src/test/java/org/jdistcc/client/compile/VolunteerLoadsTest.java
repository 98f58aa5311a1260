package org.jdistcc.client.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.scheduling.InFlight;
import org.jdistcc.client.scheduling.LearnedSpeeds;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A volunteer's hello facts as the load report placement reads. */
class VolunteerLoadsTest {
    static final HostSpec HOST = new HostSpec.Tcp("volunteer", 3632, 4, Compression.NONE, false);

    @TempDir
    Path dir;

    // The JVM's own (its constructor is the scheduling package's); no other test uses this host.
    final InFlight running = InFlight.HERE;
    final VolunteerLoads loads = new VolunteerLoads(running);

    @Test
    void theOtherClientsJobsAreWhatItHoldsLessOurs() {
        var speeds = new LearnedSpeeds(dir, Clock.systemUTC());
        try (var ours = running.start(HOST.lockName(), Instant.now(), Instant.now())) {
            // Four slots, all taken, three waiting: seven jobs, one of them ours.
            loads.report(
                    speeds,
                    HOST,
                    Map.of(
                            "jobs",
                            "4",
                            "free",
                            "0",
                            "queue",
                            "3",
                            "compile_ms",
                            "800",
                            "running_ms",
                            "1500",
                            "pace",
                            "12.5"));
        }
        LearnedSpeeds.Pace pace = speeds.get(HOST);
        assertEquals(6, pace.load().others());
        assertEquals(1500, pace.load().jobMillis(), 1e-9, "those running have run longer than compiles take");
        assertEquals(12.5, pace.volunteerPace(), 1e-9);
        assertEquals(0, pace.samples(), "a report is no measured pace");
    }

    @Test
    void anOlderVolunteerThatDoesNotTellItsQueueTeachesNothing() {
        var speeds = new LearnedSpeeds(dir, Clock.systemUTC());
        loads.report(speeds, HOST, Map.of("free", "2", "cores", "2", "server", "jdistcc"));
        loads.report(speeds, HOST, Map.of("jobs", "x", "free", "2", "queue", "0"));
        assertNull(speeds.get(HOST));
        loads.report(speeds, HOST, Map.of("jobs", "2", "free", "2", "queue", "0"));
        assertEquals(0, speeds.get(HOST).load().others());
        assertEquals(Double.NaN, speeds.get(HOST).load().jobMillis(), "it never compiled");
    }
}
