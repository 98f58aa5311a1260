package org.jdistcc.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.cache.CacheBounds;
import org.jdistcc.daemon.cache.DiskCache;
import org.jdistcc.daemon.cache.EntryFormat;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.cache.RedisCache;
import org.jdistcc.daemon.cache.ResultCache;
import org.jdistcc.daemon.cache.TieredCache;
import org.jdistcc.daemon.compilers.CompilerIdentities;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.Sandbox;
import org.jdistcc.daemon.compilers.SandboxSetup;
import org.jdistcc.daemon.serving.DefaultSearchPaths;
import org.jdistcc.daemon.serving.JobDirs;
import org.jdistcc.daemon.serving.ServingConfig;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.ServerInfo;
import org.jdistcc.daemon.status.SlotFigures;
import org.jdistcc.protocol.Limits;
import org.slf4j.Logger;

/**
 * Builds what every job shares from the checked options and the environment; starts nothing but
 * the sandbox's trial run ({@link CompilerSandbox}).
 */
final class Wiring {
    /** Largest compiler stdout, and stderr, sent back per job. */
    private static final int MAX_CAPTURED_OUTPUT = 4 << 20;
    /** {@code --cache-size} when not given. */
    static final String DEFAULT_CACHE_SIZE = "1G";
    /** Bound on connecting to Redis and on each read and write: past it, the job compiles. */
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
    /** How long Redis is left alone after it failed. */
    private static final Duration REDIS_REST = Duration.ofSeconds(5);

    private Wiring() {}

    /**
     * Reads {@code DISTCCD_PATH} (else {@code PATH}: where compilers are looked up) and {@code TMPDIR}
     * (where job directories go), and registers the shutdown hook that removes job directories;
     * opens the result cache.
     *
     * @throws SandboxSetup.Unavailable when the sandbox {@code --sandbox} asks for cannot run here
     * @throws CheckedOptions.Invalid if the result cache cannot be used
     */
    static ServingConfig servingConfig(CheckedOptions checked, Logger log)
            throws SandboxSetup.Unavailable, CheckedOptions.Invalid, IOException {
        DaemonOptions options = checked.options();
        String searchPath = System.getenv("DISTCCD_PATH");
        if (searchPath == null) {
            searchPath = System.getenv("PATH");
        }
        var locator = new CompilerLocator(searchPath, options.whitelistDir);
        // distcc's job files go to $TMPDIR; the JVM's java.io.tmpdir ignores it.
        var jobDirs = JobDirs.fromEnvironment(System.getenv("TMPDIR"));
        Sandbox sandbox = CompilerSandbox.start(options, jobDirs.base(), locator.searchPath(), log);
        Runtime.getRuntime().addShutdownHook(new Thread(jobDirs::abandonAll, "job-cleanup"));
        int jobs = compileSlots(options);
        var identities = new CompilerIdentities(checked.whitelist(), locator, System.getenv());
        identities.warmUp();
        ResultCache cache = resultCache(options, jobs);
        var stats = new DaemonStats(new ServerInfo(
                Version.NUMBER,
                checked.listenText(),
                options.port,
                jobs,
                List.of("none", "lzo", "lz4"),
                checked.access().allowed().stream().map(Object::toString).toList(),
                jobDirs.base()));
        var slots = new Semaphore(jobs, true);
        stats.slotsFrom(() -> new SlotFigures(
                jobs,
                slots.availablePermits(),
                // The waiting room's clients wait on the same semaphore, for a slot and not yet a job.
                Math.max(0, slots.getQueueLength() - stats.waiting()),
                stats.waiting(),
                stats.msPerKb(),
                stats.compileMillis(),
                stats.runningMillis()));
        return new ServingConfig(
                new Limits(
                        options.maxArgs,
                        Limits.DEFAULT.maxArgLength(),
                        DaemonOptions.parseSize(options.maxSourceSize),
                        Limits.DEFAULT.maxFiles(),
                        Limits.DEFAULT.maxNameLength()),
                Duration.ofSeconds(options.requestTimeout),
                Duration.ofSeconds(options.jobLifetime),
                checked.whitelist(),
                locator,
                new CompilerRunner(locator.searchPath(), sandbox),
                slots,
                jobDirs,
                MAX_CAPTURED_OUTPUT,
                new DefaultSearchPaths(),
                fileCache(options, jobDirs.tmpdir()),
                stats,
                identities,
                cache,
                options.fifo);
    }

    /**
     * {@code --cache-dir} and {@code --cache-url}: this volunteer's disk, the farm's Redis, both (the
     * disk in front), or none.
     */
    static ResultCache resultCache(DaemonOptions options, int jobs) throws CheckedOptions.Invalid {
        if (options.cacheDir == null && options.cacheUrl == null) {
            return null;
        }
        byte[] secret = null;
        if (options.cacheSecretFile != null) {
            try {
                secret = Files.readAllBytes(options.cacheSecretFile);
            } catch (IOException e) {
                throw new CheckedOptions.Invalid(
                        ExitCode.IO_ERROR, "--cache-secret-file " + options.cacheSecretFile + ": " + problem(e));
            }
            if (new String(secret, java.nio.charset.StandardCharsets.UTF_8)
                            .strip()
                            .length()
                    < 16) {
                throw new CheckedOptions.Invalid(
                        ExitCode.BAD_ARGUMENTS,
                        "--cache-secret-file " + options.cacheSecretFile + ": fewer than 16 characters");
            }
        }
        ResultCache disk = null;
        if (options.cacheDir != null) {
            long size = DaemonOptions.parseSize(options.cacheSize == null ? DEFAULT_CACHE_SIZE : options.cacheSize);
            long maxEntry = Math.max(1L << 20, Math.min(size / 4, 1L << 30));
            try {
                disk = DiskCache.open(options.cacheDir, size, new EntryFormat(secret, maxEntry));
            } catch (IOException e) {
                throw new CheckedOptions.Invalid(
                        ExitCode.IO_ERROR, "--cache-dir " + options.cacheDir + ": " + problem(e));
            }
        }
        if (options.cacheUrl == null) {
            return disk;
        }
        ResultCache redis = RedisCache.open(
                RedisCache.Address.parse(options.cacheUrl),
                new EntryFormat(secret, RedisCache.MAX_ENTRY),
                REDIS_TIMEOUT,
                REDIS_REST,
                jobs + 2);
        return disk == null ? redis : new TieredCache(disk, redis);
    }

    /**
     * {@code --file-cache-dir}, by default in {@code $TMPDIR} under the user's name (a daemon run by
     * another user there must not share it, and could not).
     *
     * @throws IOException if the directory is unusable, or another user's
     */
    static FileCache fileCache(DaemonOptions options, Path tmp) throws IOException {
        Path dir = options.fileCacheDir != null
                ? options.fileCacheDir.toAbsolutePath()
                : tmp.resolve("jdistccd-cache-" + System.getProperty("user.name"));
        var bounds = new CacheBounds(
                DaemonOptions.parseLimit(options.fileCacheSize),
                options.fileCacheFiles,
                Duration.ofDays(options.fileCacheAge));
        return FileCache.open(dir, bounds, Clock.systemUTC());
    }

    /** What went wrong, in words: a file system exception's message is only the path. */
    static String problem(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "user " + System.getProperty("user.name") + " may not write " + denied.getFile();
        }
        return e instanceof java.nio.file.FileSystemException f && f.getReason() == null
                ? e.getClass().getSimpleName() + " " + f.getFile()
                : e.getMessage();
    }

    /** {@code --jobs}, by default distcc 3.4's: the number of CPUs plus two. */
    static int compileSlots(DaemonOptions options) {
        return options.jobs != null ? options.jobs : Runtime.getRuntime().availableProcessors() + 2;
    }
}
