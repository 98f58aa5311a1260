package org.jdistcc.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdistcc.testing.MovableClock;
import org.junit.jupiter.api.Test;

/** What /status carries for the monitor: phases, the jobs ended lately, per-minute totals. */
class StatusTimelineTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T12:00:10Z"));
    final DaemonStats stats = new DaemonStats(DaemonStatsTest.INFO, clock);
    final InetSocketAddress peer = new InetSocketAddress("10.0.0.9", 50112);

    String status() {
        return StatusPage.render(stats.snapshot(), stats.info());
    }

    @Test
    void aJobMovesThroughReceiveWaitCompileAndReply() {
        var job = stats.jobStarted(peer);
        assertEquals(JobPhase.RECEIVE, job.phase());
        job.request("gcc", "src/parser.c");
        job.sourceReceived(48_210);
        assertEquals(JobPhase.WAIT, job.phase());
        clock.advance(Duration.ofMillis(40));
        job.compiling();
        assertEquals(JobPhase.COMPILE, job.phase());
        clock.advance(Duration.ofMillis(900));
        assertTrue(
                status().contains(
                                "\n {\"id\":1,\"client\":\"10.0.0.9:50112\",\"source\":\"src/parser.c\",\"size\":48210,"
                                        + "\"compiler\":\"gcc\",\"phase\":\"compile\",\"compile_start_ms\":40,"
                                        + "\"received_at\":\"2026-11-30T12:00:10Z\",\"elapsed_ms\":940}\n"),
                status());
        job.replying();
        assertEquals(JobPhase.REPLY, job.phase());
        clock.advance(Duration.ofMillis(60));
        job.finished(JobResult.COMPILE_OK, 48_300, 9_000);
        assertTrue(
                status().contains("\"running\":[],\n\"recent\":[\n {\"id\":1,\"client\":\"10.0.0.9:50112\","
                        + "\"source\":\"src/parser.c\",\"size\":48210,\"compiler\":\"gcc\","
                        + "\"received_at\":\"2026-11-30T12:00:10Z\",\"duration_ms\":1000,"
                        + "\"compile_start_ms\":40,\"compile_ms\":900,\"result\":\"compile_ok\",\"cache\":null}\n],\n"),
                status());
    }

    @Test
    void aJobThatNeverCompiledHasNoCompileTimes() {
        var probe = stats.jobStarted(peer);
        clock.advance(Duration.ofMillis(3));
        probe.finished(JobResult.REJECTED_BAD_REQUEST, 0, 0);
        assertTrue(
                status().contains(
                                "{\"id\":1,\"client\":\"10.0.0.9:50112\",\"source\":null,\"size\":null,"
                                        + "\"compiler\":null,\"received_at\":\"2026-11-30T12:00:10Z\",\"duration_ms\":3,"
                                        + "\"compile_start_ms\":null,\"compile_ms\":null,\"result\":\"rejected_bad_request\",\"cache\":null}"),
                status());
    }

    @Test
    void recentJobsAreBoundedInNumberAndAge() {
        for (int i = 0; i < RecentJobs.CAPACITY + 10; i++) {
            var job = stats.jobStarted(peer);
            job.request("gcc", "f" + i + ".c");
            job.finished(JobResult.COMPILE_OK, 0, 0);
        }
        List<FinishedJob> recent = stats.snapshot().recent();
        assertEquals(RecentJobs.CAPACITY, recent.size());
        assertEquals("f10.c", recent.getFirst().source()); // the oldest ten dropped out
        assertEquals("f" + (RecentJobs.CAPACITY + 9) + ".c", recent.getLast().source());
        clock.advance(Duration.ofMillis(RecentJobs.KEEP_MILLIS + 1));
        assertEquals(List.of(), stats.snapshot().recent());
        assertTrue(status().contains("\"recent\":[],\n"), status());
    }

    @Test
    void minutesCountJobsByResultAndBytesForTheLastQuarterHour() {
        var a = stats.jobStarted(peer);
        a.finished(JobResult.COMPILE_OK, 1000, 200);
        clock.advance(Duration.ofSeconds(60)); // 12:01:10
        var b = stats.jobStarted(peer);
        b.finished(JobResult.COMPILE_ERROR, 300, 40);
        var c = stats.jobStarted(peer);
        c.finished(JobResult.COMPILE_OK, 10, 1);
        var minutes = stats.snapshot().minutes();
        assertEquals(2, minutes.size()); // since the daemon started, not before
        assertEquals(Instant.parse("2026-11-30T12:00:00Z"), minutes.get(0).start());
        assertEquals(1, minutes.get(0).count(JobResult.COMPILE_OK));
        assertEquals(1, minutes.get(1).count(JobResult.COMPILE_OK));
        assertEquals(1, minutes.get(1).count(JobResult.COMPILE_ERROR));
        assertEquals(310, minutes.get(1).bytesIn());
        assertTrue(
                status().contains("\n {\"start\":\"2026-11-30T12:01:00Z\",\"compile_ok\":1,\"compile_error\":1,"
                        + "\"compile_timeout\":0,\"client_disconnected\":0,\"rejected_bad_request\":0,"
                        + "\"rejected_overload\":0,\"other\":0,\"bytes_in\":310,\"bytes_out\":41}\n],\n"),
                status());
        clock.advance(Duration.ofMinutes(20));
        minutes = stats.snapshot().minutes();
        assertEquals(MinuteHistory.MINUTES, minutes.size());
        assertTrue(minutes.stream().allMatch(m -> m.count(JobResult.COMPILE_OK) == 0 && m.bytesIn() == 0));
        assertEquals(Instant.parse("2026-11-30T12:21:00Z"), minutes.getLast().start());
    }

    @Test
    void statusKeepsTheVersionFirstForLsdistcc() {
        String s = status();
        assertTrue(s.startsWith("{\"server\":{\"version\":\"0.1.0\","), s);
        assertTrue(s.contains("},\n\"now\":\"2026-11-30T12:00:10Z\",\n\"running\":[]"), s);
    }
}
