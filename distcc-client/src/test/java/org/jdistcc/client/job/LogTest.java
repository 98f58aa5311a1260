package org.jdistcc.client.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** distcc 3.4's src/traceenv.c: one destination and one level, from DISTCC_LOG, UNCACHED_ERR_FD and DISTCC_VERBOSE. */
class LogTest {
    @TempDir
    Path dir;

    void everyLevel(Log log) {
        log.error("e");
        log.warning("w");
        log.info("i");
        log.debug("d");
        log.close();
    }

    @Test
    void withoutALogFileOnlyWarningsAndErrorsReachStderr() {
        var job = new TestJob(dir, Map.of());
        everyLevel(Log.open(job, null, Log.Level.WARNING, 0));
        assertEquals("distcc[4242] ERROR: e\ndistcc[4242] Warning: w\n", job.stderr());
    }

    @Test
    void verboseAddsEverything() {
        var job = new TestJob(dir, Map.of());
        everyLevel(Log.open(job, "", Log.Level.DEBUG, 0));
        assertEquals("distcc[4242] ERROR: e\ndistcc[4242] Warning: w\ndistcc[4242] i\ndistcc[4242] d\n", job.stderr());
    }

    /** jdistcc's DISTCC_VERBOSE=info: where each compile went and why, without the trace. */
    @Test
    void infoVerbosityAddsInfoButNotDebug() {
        var job = new TestJob(dir, Map.of());
        everyLevel(Log.open(job, null, Log.Level.INFO, 0));
        assertEquals("distcc[4242] ERROR: e\ndistcc[4242] Warning: w\ndistcc[4242] i\n", job.stderr());
    }

    @Test
    void aLogFileTakesEveryMessageAtInfoLevelAndStderrStaysSilent() throws Exception {
        var job = new TestJob(dir, Map.of());
        everyLevel(Log.open(job, "distcc.log", Log.Level.WARNING, 0));
        assertEquals("", job.stderr());
        assertEquals(
                "distcc[4242] ERROR: e\ndistcc[4242] Warning: w\ndistcc[4242] i\n",
                Files.readString(dir.resolve("distcc.log")));
    }

    @Test
    void anUnwritableLogFileIsReportedOnStderr() {
        var job = new TestJob(dir, Map.of());
        everyLevel(Log.open(job, "no/such/dir/distcc.log", Log.Level.WARNING, 0));
        assertTrue(
                job.stderr().startsWith("distcc[4242] ERROR: failed to open logfile no/such/dir/distcc.log: "),
                job.stderr());
        assertTrue(job.stderr().endsWith("distcc[4242] ERROR: e\ndistcc[4242] Warning: w\n"), job.stderr());
    }

    @Test
    void uncachedErrFdTakesTheMessagesSoCcacheDoesNotCacheThem() {
        var job = new TestJob(dir, Map.of());
        everyLevel(Log.open(job, null, Log.Level.WARNING, 9));
        assertEquals("", job.stderr());
        assertEquals("distcc[4242] ERROR: e\ndistcc[4242] Warning: w\n", job.otherFd());
    }
}
