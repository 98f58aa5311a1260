package org.jdistcc.client.config;

/**
 * How far the client goes to make a remote compile indistinguishable from a local one
 * (docs/fidelity.md). Strict only keeps a remote result it knows to be identical: source mode's
 * results, and preprocessed-text results without debug information and without diagnostics;
 * anything else compiles here. {@code JDISTCC_FIDELITY=relaxed} restores distcc 3.4's behaviour
 * (any remote result is kept).
 *
 * @param stderrIsTerminal gcc colours diagnostics, sizes them to the terminal and adds links when its
 *     stderr is a terminal; a volunteer's never is, so remote diagnostics are then not kept
 */
public record Fidelity(boolean strict, boolean stderrIsTerminal) {
    public static Fidelity of(Settings settings, boolean stderrIsTerminal) {
        return new Fidelity(settings.strictFidelity(), stderrIsTerminal);
    }
}
