package org.jdistcc.client.config;

/**
 * How far the client goes to make a remote compile indistinguishable from a local one
 * (docs/fidelity.md). Source mode (jdistcc volunteers) is exact whatever this says. With
 * preprocessed text (distcc 3.4 volunteers), relaxed, the default, keeps any remote result as
 * distcc 3.4 does; {@code JDISTCC_FIDELITY=strict} keeps only results it knows to be identical
 * (no debug information, no diagnostics) and compiles the rest here.
 *
 * @param stderrIsTerminal gcc colours diagnostics, sizes them to the terminal and adds links when its
 *     stderr is a terminal; a volunteer's never is, so remote diagnostics are then not kept
 */
public record Fidelity(boolean strict, boolean stderrIsTerminal) {
    public static Fidelity of(Settings settings, boolean stderrIsTerminal) {
        return new Fidelity(settings.strictFidelity(), stderrIsTerminal);
    }
}
