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
 * @param msPerKb recent compiles' milliseconds per KB of input, smoothed; NaN before the first
 */
public record SlotFigures(int jobs, int free, int queued, double msPerKb) {
    /** Adds these figures to a hello's facts: {@code jobs}, {@code free}, {@code queue}, {@code pace}. */
    public void addTo(Map<String, String> facts) {
        facts.put("jobs", Integer.toString(jobs));
        facts.put("free", Integer.toString(free));
        facts.put("queue", Integer.toString(queued));
        if (!Double.isNaN(msPerKb)) {
            facts.put("pace", paceText());
        }
    }

    String paceText() {
        return String.format(Locale.ROOT, "%.2f", msPerKb);
    }
}
