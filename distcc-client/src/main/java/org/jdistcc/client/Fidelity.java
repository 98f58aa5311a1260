package org.jdistcc.client;

import java.util.Map;

/**
 * How far the client goes to make a remote compile indistinguishable from a local one
 * (docs/fidelity.md). Strict, the default, only keeps a remote result it knows to be identical:
 * source mode's results, and preprocessed-text results without debug information and without
 * diagnostics; anything else compiles here. {@code JDISTCC_FIDELITY=relaxed} restores distcc 3.4's
 * behaviour (any remote result is kept).
 *
 * @param stderrIsTerminal gcc colours diagnostics, sizes them to the terminal and adds links when its
 *     stderr is a terminal; a volunteer's never is, so remote diagnostics are then not kept
 */
record Fidelity(boolean strict, boolean stderrIsTerminal) {
    static Fidelity from(Map<String, String> env) {
        return new Fidelity(
                !"relaxed".equals(env.get("JDISTCC_FIDELITY")),
                JobContext.current().stderrIsTerminal());
    }
}
