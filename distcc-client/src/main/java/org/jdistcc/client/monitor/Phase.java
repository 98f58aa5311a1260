package org.jdistcc.client.monitor;

/**
 * What a client is doing, with distcc 3.4's numbers and names ({@code enum dcc_phase} in {@code
 * src/state.h}), so that both state-file formats carry the same value and distccmon-text prints
 * the same words.
 */
public enum Phase {
    STARTUP(0, "Startup"),
    BLOCKED(1, "Blocked"),
    CONNECT(2, "Connect"),
    PREPROCESS(3, "Preprocess"),
    SEND(4, "Send"),
    COMPILE(5, "Compile"),
    RECEIVE(6, "Receive"),
    DONE(7, "Done");

    private final int number;
    private final String label;

    Phase(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** distcc's number for this phase, as stored in state files. */
    public int number() {
        return number;
    }

    /** The word distccmon-text shows. */
    public String label() {
        return label;
    }

    /** The phase with this number; distccmon treats unknown numbers as Compile, and so do we. */
    public static Phase of(int number) {
        for (Phase phase : values()) {
            if (phase.number == number) {
                return phase;
            }
        }
        return COMPILE;
    }
}
