package org.jdistcc.client.includes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link CompilerDefaults} per compiler binary (its path and the identity and times of the file it
 * leads to: an upgraded compiler is probed again), probe options, and the environment variables
 * that move the compiler's own directories. Concurrent analyses that need the same defaults wait
 * for one probe; a failed probe is not kept. Thread-safe.
 */
final class DefaultsCache {
    private static final List<String> PROBE_OPTIONS_WITH_PATHS =
            List.of("-B", "--sysroot", "-isysroot", "-specs", "--specs");

    private record Key(
            String compiler,
            Object fileKey,
            long size,
            FileTime modified,
            List<String> options,
            String directory,
            String execPrefix,
            String compilerPath) {}

    private final BoundedCache<Key, CompletableFuture<CompilerDefaults>> cache;

    DefaultsCache(int maxEntries) {
        this.cache = new BoundedCache<>(maxEntries);
    }

    @SuppressWarnings("ReferenceEquality") // which future the cache holds: this call's, or another's
    CompilerDefaults defaults(Path compiler, List<String> options, Path directory, Map<String, String> environment)
            throws Unsure {
        Key key = key(compiler, options, directory, environment);
        var mine = new CompletableFuture<CompilerDefaults>();
        CompletableFuture<CompilerDefaults> shared = cache.putIfAbsent(key, mine);
        if (shared == mine) {
            try {
                mine.complete(CompilerProbe.run(compiler, options, directory, environment));
            } catch (Unsure | RuntimeException e) {
                cache.remove(key, mine);
                mine.completeExceptionally(e);
            }
        }
        try {
            return shared.get(CompilerProbe.TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Unsure unsure) {
                throw unsure;
            }
            throw new Unsure("cannot learn the defaults of " + compiler + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new Unsure("waited too long for the defaults of " + compiler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unsure("interrupted while waiting for the defaults of " + compiler);
        }
    }

    private static Key key(Path compiler, List<String> options, Path directory, Map<String, String> environment)
            throws Unsure {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(compiler, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new Unsure("cannot find the compiler " + compiler + ": " + e.getMessage());
        }
        boolean relativePaths = false;
        for (String option : options) {
            for (String withPath : PROBE_OPTIONS_WITH_PATHS) {
                relativePaths |= option.startsWith(withPath);
            }
        }
        return new Key(
                compiler.toString(),
                attributes.fileKey(),
                attributes.size(),
                attributes.lastModifiedTime(),
                options,
                relativePaths ? directory.toString() : null,
                environment.get("GCC_EXEC_PREFIX"),
                environment.get("COMPILER_PATH"));
    }
}
