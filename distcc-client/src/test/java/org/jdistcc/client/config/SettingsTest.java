package org.jdistcc.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.job.Log;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void anEmptyEnvironmentGivesDistccsDefaults() {
        var s = Settings.from(Map.of("HOME", "/home/u"));
        assertEquals(Path.of("/home/u/.distcc"), s.distccDir());
        assertEquals(Path.of("/home/u/.distcc/lock"), s.lockDir());
        assertEquals(Path.of("/tmp"), s.tmpDir());
        assertNull(s.hostsVariable());
        assertTrue(s.fallback());
        assertEquals(Log.Level.WARNING, s.verbosity());
        assertEquals(Duration.ofMinutes(1), s.backoffPeriod());
        assertEquals(Duration.ofMinutes(5), s.timeouts().io());
        assertEquals(Duration.ofSeconds(4), s.timeouts().connect());
        assertEquals("ssh", s.sshCommand());
        assertEquals("/usr/local/bin:/usr/bin:/bin", s.path());
        assertTrue(s.rewriteCross());
        assertTrue(s.problems().isEmpty());
    }

    /** distcc's dcc_getenv_bool: only "0" and "1" count. */
    @Test
    void booleansAreDistccsZeroAndOne() {
        assertFalse(Settings.from(Map.of("DISTCC_FALLBACK", "0")).fallback());
        assertTrue(Settings.from(Map.of("DISTCC_FALLBACK", "no")).fallback());
        assertEquals(
                Log.Level.DEBUG, Settings.from(Map.of("DISTCC_VERBOSE", "1")).verbosity());
        assertEquals(
                Log.Level.WARNING,
                Settings.from(Map.of("DISTCC_VERBOSE", "yes")).verbosity());
        assertEquals(
                Log.Level.INFO, Settings.from(Map.of("DISTCC_VERBOSE", "info")).verbosity(), "jdistcc's");
        assertFalse(Settings.from(Map.of("DISTCC_TCP_CORK", "0")).tcpCork());
    }

    /** distcc tests these with getenv: set to anything counts. */
    @Test
    void presenceFlagsCountWhenSetEvenEmpty() {
        assertTrue(Settings.from(Map.of("DISTCC_SKIP_LOCAL_RETRY", "")).skipLocalRetry());
        assertFalse(Settings.from(Map.of("DISTCC_NO_REWRITE_CROSS", "")).rewriteCross());
        assertFalse(Settings.from(Map.of("DISTCC_NO_CROSS_REWRITE", "1")).rewriteCross(), "the manual's spelling");
        assertTrue(Settings.from(Map.of("_DISTCC_SAFEGUARD", "1")).safeguard());
    }

    @Test
    void aNumberThatDoesNotParseIsAProblemNotACrash() {
        var s = Settings.from(Map.of("DISTCC_IO_TIMEOUT", "soon", "DISTCC_BACKOFF_PERIOD", "-"));
        assertEquals(
                List.of("DISTCC_IO_TIMEOUT is not a number: 'soon'", "DISTCC_BACKOFF_PERIOD is not a number: '-'"),
                s.problems());
        assertEquals(Duration.ofMinutes(5), s.timeouts().io(), "the default stands in");
        assertEquals(
                List.of("DISTCC_IO_TIMEOUT must be a positive number of seconds"),
                Settings.from(Map.of("DISTCC_IO_TIMEOUT", "0")).problems());
    }

    @Test
    void verificationIsOffUnlessJdistccVerifyIsAPositiveCount() {
        assertEquals(0, Settings.from(Map.of()).verifyEvery());
        assertEquals(20, Settings.from(Map.of("JDISTCC_VERIFY", "20")).verifyEvery());
        assertEquals(
                List.of("JDISTCC_VERIFY must be 0 (off) or a positive number of compiles"),
                Settings.from(Map.of("JDISTCC_VERIFY", "-1")).problems());
        assertEquals(
                List.of("JDISTCC_VERIFY is not a number: 'often'"),
                Settings.from(Map.of("JDISTCC_VERIFY", "often")).problems());
    }

    @Test
    void uncachedErrFdIsAFileDescriptorNumberOrNothing() {
        assertEquals(7, Settings.from(Map.of("UNCACHED_ERR_FD", "7")).uncachedErrFd());
        assertEquals(0, Settings.from(Map.of("UNCACHED_ERR_FD", "x")).uncachedErrFd());
        assertEquals(0, Settings.from(Map.of()).uncachedErrFd());
    }

    @Test
    void sourceModeCarriesTheLocaleAndNamesTheFirstUncarriedVariable() {
        var s = Settings.from(Map.of("LANG", "C.UTF-8", "CPATH", "/x", "HOME", "/h"));
        assertTrue(s.carried().contains("LANG=C.UTF-8"), s.carried().toString());
        assertEquals("CPATH", s.uncarried());
        assertNull(Settings.from(Map.of("CPATH", "")).uncarried(), "empty is unset for gcc");
    }

    @Test
    void theManualTableNamesEveryVariableOnce() {
        var names = java.util.Arrays.stream(Variable.values()).map(Enum::name).toList();
        assertEquals(names.size(), new java.util.HashSet<>(names).size());
        for (Variable v : Variable.values()) {
            assertFalse(v.description().isBlank(), v.name());
        }
    }
}
