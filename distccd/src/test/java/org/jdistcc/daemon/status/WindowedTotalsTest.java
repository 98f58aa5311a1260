package org.jdistcc.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WindowedTotalsTest {
    static final long T0 = 1_764_536_400_000L;

    @Test
    void countsCompilesPerWindowAndForgetsOldOnes() {
        var w = new WindowedTotals(T0);
        for (int i = 0; i < 3; i++) {
            w.jobStarted(T0);
            w.jobFinished(T0 + 500, true);
        }
        w.jobStarted(T0 + 1000);
        w.jobFinished(T0 + 2000, false); // rejected: no compile
        long later = T0 + 120_000; // two minutes on
        w.jobStarted(later);
        w.jobFinished(later, true);
        assertEquals(1, w.compilesInLast(60, later));
        assertEquals(4, w.compilesInLast(300, later));
        assertEquals(4, w.compilesInLast(900, later));
        assertEquals(0, w.compilesInLast(900, later + 901_000));
    }

    @Test
    void averageRunningIsBusyTimeOverTheWindow() {
        var w = new WindowedTotals(T0);
        // Two jobs for the whole minute, a third for half of it.
        w.jobStarted(T0);
        w.jobStarted(T0);
        w.jobStarted(T0 + 30_000);
        w.jobFinished(T0 + 60_000, true);
        assertEquals(2.5, w.averageRunning(60, T0 + 60_000), 0.05);
        // Idle since: the running two still count, the window slides.
        assertEquals(2.0, w.averageRunning(60, T0 + 150_000), 0.05);
        w.jobFinished(T0 + 150_000, true);
        w.jobFinished(T0 + 150_000, true);
        assertEquals(0.0, w.averageRunning(60, T0 + 300_000), 0.0001);
        assertEquals(3, w.compilesInLast(300, T0 + 300_000));
    }

    @Test
    void aLongIdleGapClearsEverything() {
        var w = new WindowedTotals(T0);
        w.jobStarted(T0);
        w.jobFinished(T0 + 10, true);
        long muchLater = T0 + 86_400_000L;
        assertEquals(0, w.compilesInLast(900, muchLater));
        assertEquals(0.0, w.averageRunning(900, muchLater), 0.0);
        w.jobStarted(muchLater);
        w.jobFinished(muchLater + 10, true);
        assertEquals(1, w.compilesInLast(60, muchLater + 10));
    }
}
