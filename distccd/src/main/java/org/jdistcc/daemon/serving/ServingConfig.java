package org.jdistcc.daemon.serving;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.cache.ResultCache;
import org.jdistcc.daemon.compilers.CompilerIdentities;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.protocol.Limits;

/**
 * Everything a job needs from the daemon, shared by all jobs.
 *
 * @param requestTimeout bound on receiving a whole request, and on having the reply read
 * @param jobLifetime bound on one compile; zero for none
 * @param compileSlots {@code --jobs}: compilers running at once; other jobs wait for a slot
 * @param maxCapturedOutput bytes of the compiler's stdout and of its stderr sent back, each
 * @param searchPaths the compilers' default include directories, for source mode (docs/fidelity.md)
 * @param fileCache source mode's files by digest, shared by every job
 * @param stats what the stats port reports (--stats)
 * @param identities what each compiler here is (the hello, the client's check, cache keys)
 * @param cache where results are kept ({@code --cache-dir}, {@code --cache-url}), or null
 * @param inputPipes whether a preprocessed source may reach its compiler through a named pipe as it
 *     arrives ({@code --fifo})
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
        DefaultSearchPaths searchPaths,
        FileCache fileCache,
        DaemonStats stats,
        CompilerIdentities identities,
        ResultCache cache,
        boolean inputPipes) {
    /** Without input pipes, as {@code distccd} without {@code --fifo}. */
    public ServingConfig(
            Limits limits,
            Duration requestTimeout,
            Duration jobLifetime,
            CompilerWhitelist whitelist,
            CompilerLocator locator,
            CompilerRunner runner,
            Semaphore compileSlots,
            JobDirs jobDirs,
            int maxCapturedOutput,
            DefaultSearchPaths searchPaths,
            FileCache fileCache,
            DaemonStats stats,
            CompilerIdentities identities,
            ResultCache cache) {
        this(
                limits,
                requestTimeout,
                jobLifetime,
                whitelist,
                locator,
                runner,
                compileSlots,
                jobDirs,
                maxCapturedOutput,
                searchPaths,
                fileCache,
                stats,
                identities,
                cache,
                false);
    }
}
