package org.jdistcc.daemon.compilers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Platform threads that start a child process and live until it has exited. Linux sends the
 * parent-death signal ({@code PR_SET_PDEATHSIG}, set by {@code bwrap --die-with-parent} and by
 * {@code distccd-sandbox}) when the <em>thread</em> that started the child ends, not the process
 * (prctl(2)): a compiler started from a virtual thread's carrier, which the scheduler may retire
 * while the compile runs, would be killed with it. Kept for reuse, so a job pays no thread start.
 */
final class ChildThreads {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("child-", 0).factory());

    private ChildThreads() {}

    /** Starts a child; may throw. */
    @FunctionalInterface
    interface Starter<T> {
        T start() throws IOException;
    }

    /**
     * Runs {@code starter} on one of the threads, then {@code untilExit} there, which must return
     * only once the child has exited. Returns what {@code starter} returned, without waiting for
     * {@code untilExit}; not interruptible, so a started child is never lost.
     */
    static <T> T start(Starter<T> starter, Consumer<T> untilExit) throws IOException {
        var started = new CompletableFuture<T>();
        THREADS.execute(() -> {
            T child;
            try {
                child = starter.start();
            } catch (IOException | RuntimeException | Error e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(child);
            untilExit.accept(child);
        });
        try {
            return started.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new UncheckedIOException(new IOException(e.getCause()));
            }
        }
    }
}
