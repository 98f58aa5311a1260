package org.jdistcc.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ending a process a test started, and everything it started, within bounded waits. */
public final class ProcessTree {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private ProcessTree() {}

    /**
     * SIGTERM, up to {@code grace} to exit, then SIGKILL to it and to every descendant it had when
     * this was called (a daemon's compilers outlive it otherwise).
     */
    public static void stop(ProcessHandle process, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroy();
        await(process, grace);
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        await(process, KILL_WAIT);
        all.forEach(p -> await(p, KILL_WAIT));
    }

    /** SIGKILL to the process and its descendants at once, as a machine losing power. */
    public static void kill(ProcessHandle process) {
        stop(process, Duration.ZERO);
    }

    private static void await(ProcessHandle process, Duration timeout) {
        if (timeout.isZero()) {
            return;
        }
        process.onExit()
                .completeOnTimeout(process, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }
}
