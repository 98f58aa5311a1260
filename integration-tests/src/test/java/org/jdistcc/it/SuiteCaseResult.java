package org.jdistcc.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdistcc.testing.Outcome;

/**
 * One case of distcc's suite, run alone ({@code testdistcc.py [--lzo] CASE}): its verdict, why,
 * and everything it printed. comfychair prints {@code CASE OK}, {@code CASE NOTRUN, why} (exit 0)
 * or {@code CASE FAIL} with the traceback and the case's log of commands (exit 1).
 */
record SuiteCaseResult(String name, Verdict verdict, String reason, String output) {
    enum Verdict {
        PASS,
        FAIL,
        /** comfychair's NOTRUN: the case found something missing (a compiler, a header). */
        SKIP,
        /**
         * The case runs one of distcc's build-tree test programs ({@code h_strip}, {@code
         * h_scanargs}, ...): unit tests of distcc's own C functions, which no package installs.
         * It fails the same way for every installation.
         */
        NOT_APPLICABLE
    }

    private static final Pattern NOT_RUN = Pattern.compile("NOTRUN, ([^\\]\\n]*)");
    private static final int MESSAGE_LIMIT = 300;
    private static final Pattern BUILD_TREE_HELPER = Pattern.compile("\\b(h_[a-z_]+): not found");

    static SuiteCaseResult of(String name, Outcome outcome) {
        String output = outcome.stdout() + (outcome.stderr().isEmpty() ? "" : "--- stderr ---\n" + outcome.stderr());
        if (outcome.exitCode() == 0) {
            Matcher notRun = NOT_RUN.matcher(outcome.stdout());
            return notRun.find()
                    ? new SuiteCaseResult(name, Verdict.SKIP, notRun.group(1).strip(), output)
                    : new SuiteCaseResult(name, Verdict.PASS, "", output);
        }
        Matcher helper = BUILD_TREE_HELPER.matcher(outcome.stdout());
        if (helper.find()) {
            return new SuiteCaseResult(
                    name, Verdict.NOT_APPLICABLE, "needs distcc's build-tree test program " + helper.group(1), output);
        }
        return new SuiteCaseResult(name, Verdict.FAIL, failureMessage(outcome), output);
    }

    static SuiteCaseResult timedOut(String name, String message) {
        return new SuiteCaseResult(name, Verdict.FAIL, "timed out", message);
    }

    /**
     * The exception comfychair printed after the traceback's frames, up to the case's log of
     * commands, on one line.
     */
    private static String failureMessage(Outcome outcome) {
        String out = outcome.stdout();
        int traceback = out.indexOf("Traceback (most recent call last):");
        if (traceback < 0) {
            return "exit " + outcome.exitCode() + ", no traceback";
        }
        var message = new StringBuilder();
        boolean inFrames = true;
        for (String line : out.substring(traceback).lines().skip(1).toList()) {
            if (inFrames && line.startsWith(" ")) {
                continue;
            }
            inFrames = false;
            if (line.equals("test_log:") || message.length() > MESSAGE_LIMIT) {
                break;
            }
            if (!line.isBlank()) {
                message.append(message.isEmpty() ? "" : " | ").append(line.strip());
            }
        }
        return message.length() > MESSAGE_LIMIT ? message.substring(0, MESSAGE_LIMIT) + "..." : message.toString();
    }

    /** What the table shows: the verdict and, unless it passed, a short why. */
    String cell() {
        return switch (verdict) {
            case PASS -> "pass";
            case FAIL -> "FAIL";
            case SKIP -> "skip";
            case NOT_APPLICABLE -> "n/a";
        };
    }
}
