package org.jdistcc.daemon.cache;

import java.nio.file.Path;

/**
 * Where results are kept. A cache never fails a job: a missing, damaged or unreachable entry is a
 * miss (counted in {@link #errors()} when it is not simply absent), a result that cannot be kept is
 * not kept. Thread-safe: jobs look up and store at once.
 */
public interface ResultCache extends AutoCloseable {
    /**
     * A result found.
     *
     * @param shared whether it came from the cache the farm shares
     */
    record Hit(CachedResult result, boolean shared) {}

    /**
     * The result stored under {@code key}, its object and side files put in {@code into} (an empty
     * directory of the job's; on a miss, what is left there is the caller's to remove), or null.
     */
    Hit lookup(ResultKey key, Path into);

    /** Keeps {@code result} under {@code key}, unless it is too large or the store is unreachable. */
    void store(ResultKey key, CachedResult result);

    /** Damaged entries found and failed lookups or stores, since start. */
    long errors();

    /** Bytes this volunteer keeps on its own disk. */
    long localBytes();

    /** What a hello tells clients: {@code disk}, {@code redis}, {@code disk+redis}. */
    String kind();

    /** For the log and the status pages: {@code disk /var/cache/jdistcc (1024 MiB)}, {@code redis://farm:6379}. */
    String describe();

    @Override
    void close();
}
