package org.jdistcc.client.compile;

import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.includes.Result;

/**
 * A compile's include analysis, made once before the compile is placed ({@link Preparation}): its
 * size places the compile, and the dialect that sends the inputs it found does not analyse again.
 *
 * @param request what was analysed: a dialect whose own request differs analyses that instead
 */
record Analysed(IncludeAnalysis.Request request, Result result) {
    /**
     * What the compiler reads, in KB: every file the analysis found, the compiler's own headers too
     * (a pump-mode volunteer takes those from its own disk, but compiles them all the same). NaN if
     * the analysis could not be sure.
     */
    double inputKb() {
        if (!(result instanceof Result.Inputs inputs)) {
            return Double.NaN;
        }
        long bytes = 0;
        for (Result.InputFile file : inputs.files()) {
            bytes += file.size();
        }
        return bytes / 1024.0;
    }
}
