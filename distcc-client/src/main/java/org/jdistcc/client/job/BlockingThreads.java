package org.jdistcc.client.job;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Platform threads, kept a while for reuse, for work that blocks in the kernel: a compile's job, the
 * read that notices its launcher leave, a preprocessor's stderr. On a virtual thread each of those
 * reads parks, goes through the JDK's poller and is woken on a carrier thread, several futex calls a
 * time (a pipe's read even makes the scheduler add a carrier): about 70 per small compile in the
 * client agent, where a platform thread's read is one system call.
 */
public final class BlockingThreads {
    private static final ExecutorService POOL = new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().daemon().name("blocking-", 0).factory());

    private BlockingThreads() {}

    /** Runs {@code task} on a pooled platform thread (a new one when all are busy). */
    public static void start(Runnable task) {
        POOL.execute(task);
    }

    /** The pool, for {@link java.util.concurrent.CompletableFuture}'s async methods. */
    public static ExecutorService executor() {
        return POOL;
    }
}
