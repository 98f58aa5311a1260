package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sandboxed compile that runs away is stopped by its rlimits long before --job-lifetime, and its
 * status (gcc's own for a killed cc1 or as, or cc1's "out of memory") makes distcc's client and ours
 * retry locally; a compile within the limits still succeeds. For bubblewrap (limits set by prlimit)
 * and the helper (set by itself).
 */
class SandboxLimitsTest {
    /**
     * Memory and file size. cc1plus's constexpr evaluation also grows by some 30 MB per CPU second,
     * so the CPU limit is tried without the memory limit, where running out of one cannot mask the other.
     */
    private static final List<String> SPACE_LIMITS =
            List.of("--max-compiler-memory", "150M", "--max-output-size", "1M");

    private static final List<String> CPU_LIMIT = List.of("--job-lifetime", "60", "--max-compiler-cpu", "2");
    private static final Map<String, RunningDaemon> DAEMONS = new HashMap<>();

    @TempDir
    Path dir;

    @AfterAll
    static void stopDaemons() {
        DAEMONS.values().forEach(RunningDaemon::close);
        DAEMONS.clear();
    }

    private static synchronized RunningDaemon daemon(SandboxKind kind, List<String> limits) throws Exception {
        var args = new ArrayList<>(kind.options());
        args.addAll(limits);
        RunningDaemon daemon = DAEMONS.get(args.toString());
        if (daemon == null) {
            daemon = DaemonSetup.ours().args(args.toArray(String[]::new)).start();
            DAEMONS.put(args.toString(), daemon);
        }
        return daemon;
    }

    @ParameterizedTest
    @EnumSource(
            value = SandboxKind.class,
            names = {"BWRAP", "NAMESPACES"})
    void aCompileWithinTheLimitsSucceeds(SandboxKind kind) throws Exception {
        RawClient.Outcome outcome = RawClient.compile(
                daemon(kind, SPACE_LIMITS).port(),
                ProtocolVersion.PLAIN,
                List.of("gcc", "-O2", "-c", "hello.c", "-o", "hello.o"),
                RawClient.HELLO,
                dir);
        assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
    }

    @ParameterizedTest
    @EnumSource(
            value = SandboxKind.class,
            names = {"BWRAP", "NAMESPACES"})
    void cpuTimeBeyondTheLimitKillsTheCompile(SandboxKind kind) throws Exception {
        long start = System.nanoTime();
        RawClient.Outcome outcome = RawClient.compile(
                daemon(kind, CPU_LIMIT).port(),
                ProtocolVersion.PLAIN,
                SlowCompileTest.SLOW_ARGV,
                SlowCompileTest.SLOW_SOURCE,
                dir);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

        // g++ reports its killed cc1plus as an internal compiler error: exit 4.
        assertEquals(4 << 8, outcome.reply().waitStatus(), outcome.stderr());
        assertTrue(
                outcome.stderr().contains("CPU time limit exceeded signal terminated program cc1plus"),
                outcome.stderr());
        assertTrue(seconds < 50, "stopped only after " + seconds + " s");
    }

    @ParameterizedTest
    @EnumSource(
            value = SandboxKind.class,
            names = {"BWRAP", "NAMESPACES"})
    void memoryBeyondTheLimitFailsTheCompile(SandboxKind kind) throws Exception {
        // Over 200 MB of cc1's trees for a million and a half initializers.
        String source = "char big[] = {" + "1,".repeat(1_500_000) + "};\n";
        RawClient.Outcome outcome = RawClient.compile(
                daemon(kind, SPACE_LIMITS).port(),
                ProtocolVersion.PLAIN,
                List.of("gcc", "-c", "big.c", "-o", "big.o"),
                source,
                dir);

        assertNotEquals(0, outcome.reply().waitStatus(), outcome.stderr());
        assertTrue(outcome.stderr().contains("memory"), outcome.stderr());
    }

    @ParameterizedTest
    @EnumSource(
            value = SandboxKind.class,
            names = {"BWRAP", "NAMESPACES"})
    void anObjectBeyondTheFileSizeLimitFailsTheCompile(SandboxKind kind) throws Exception {
        String source = "asm(\".data\\n.fill 4000000, 1, 0x41\\n\");\n";
        RawClient.Outcome outcome = RawClient.compile(
                daemon(kind, SPACE_LIMITS).port(),
                ProtocolVersion.PLAIN,
                List.of("gcc", "-c", "fill.c", "-o", "fill.o"),
                source,
                dir);

        assertEquals(4 << 8, outcome.reply().waitStatus(), outcome.stderr());
        assertTrue(
                outcome.stderr().contains("File size limit exceeded signal terminated program as"), outcome.stderr());
    }
}
