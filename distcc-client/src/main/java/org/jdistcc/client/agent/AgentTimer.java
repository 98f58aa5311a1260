package org.jdistcc.client.agent;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread for every job's deadlines and keep-alives. A sleeping virtual thread per job for
 * each (started, parked, interrupted, ended) showed in the agent's CPU per compile as scheduler
 * wake-ups; a queued task that is cancelled before it is due costs none.
 */
final class AgentTimer {
    private static final ScheduledThreadPoolExecutor TIMER = create();

    private AgentTimer() {}

    /** Runs {@code action} on the timer thread once, after {@code delay}: keep it short. */
    static ScheduledFuture<?> after(Duration delay, Runnable action) {
        return TIMER.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts {@code action} on a virtual thread every {@code period}, from one period on. */
    static ScheduledFuture<?> every(Duration period, Runnable action) {
        long nanos = period.toNanos();
        return TIMER.scheduleWithFixedDelay(() -> Thread.ofVirtual().start(action), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor create() {
        var timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("agent-timer").factory());
        timer.setRemoveOnCancelPolicy(true); // a job's cancelled timeout leaves nothing queued
        return timer;
    }
}
