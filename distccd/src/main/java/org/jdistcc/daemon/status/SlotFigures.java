package org.jdistcc.daemon.status;

import java.util.Locale;
import java.util.Map;

/**
 * The compile slots now, as a hello tells a jdistcc client and {@code /status} shows them under
 * {@code "slots"}: a client counts the other clients' jobs here in where its own compiles finish
 * first (docs/scheduling.md).
 *
 * @param jobs {@code --jobs}
 * @param free slots free now
 * @param queued jobs received and waiting for a slot
 * @param waiting clients in the waiting room: no job sent yet, each waiting for a slot to be kept for
 *     it (one client may wait at several volunteers, and take one)
 * @param msPerKb recent compiles' milliseconds per KB of input, smoothed; NaN before the first
 * @param compileMillis recent compiles' milliseconds each, smoothed; NaN before the first
 * @param runningMillis how long the compiles running now have run, on average; NaN when none runs
 */
public record SlotFigures(
        int jobs, int free, int queued, int waiting, double msPerKb, double compileMillis, double runningMillis) {
    /**
     * Adds these figures to a hello's facts: {@code jobs}, {@code free}, {@code queue}, {@code
     * waiting}, and once a
     * compile ran, {@code pace} and {@code compile_ms}; while compiles run, {@code running_ms}.
     */
    public void addTo(Map<String, String> facts) {
        facts.put("jobs", Integer.toString(jobs));
        facts.put("free", Integer.toString(free));
        facts.put("queue", Integer.toString(queued));
        facts.put("waiting", Integer.toString(waiting));
        if (!Double.isNaN(msPerKb)) {
            facts.put("pace", paceText());
        }
        if (!Double.isNaN(compileMillis)) {
            facts.put("compile_ms", Long.toString(Math.round(compileMillis)));
        }
        if (!Double.isNaN(runningMillis)) {
            facts.put("running_ms", Long.toString(Math.round(runningMillis)));
        }
    }

    String paceText() {
        return String.format(Locale.ROOT, "%.2f", msPerKb);
    }
}
