package org.jdistcc.daemon.serving;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.protocol.Limits;

/**
 * Everything a job needs from the daemon, shared by all jobs.
 *
 * @param compileSlots {@code --jobs}: compilers running at once; other jobs wait for a slot
 * @param requestTimeout bound on receiving a whole request
 * @param jobLifetime bound on one compile; zero for none
 * @param maxCapturedOutput bytes of the compiler's stdout and of its stderr sent back, each
 * @param stats what the stats port reports (--stats)
 * @param sourceMode compiles jdistcc's source-mode requests (original sources, see docs/fidelity.md)
 */
public record ServingConfig(
        Limits limits,
        Duration requestTimeout,
        Duration jobLifetime,
        CompilerWhitelist whitelist,
        CompilerLocator locator,
        CompilerRunner runner,
        Semaphore compileSlots,
        JobDirs jobDirs,
        int maxCapturedOutput,
        SourceModeCompile sourceMode,
        org.jdistcc.daemon.status.DaemonStats stats) {}
