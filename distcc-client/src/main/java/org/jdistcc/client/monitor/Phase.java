package org.jdistcc.client.monitor;

/**
 * What a client is doing, with distcc 3.4's numbers and names ({@code enum dcc_phase} in {@code
 * src/state.h}), so that both state-file formats carry the same value and distccmon-text prints
 * the same words.
 */
public enum Phase {
    STARTUP("Startup"),
    BLOCKED("Blocked"),
    CONNECT("Connect"),
    PREPROCESS("Preprocess"),
    SEND("Send"),
    COMPILE("Compile"),
    RECEIVE("Receive"),
    DONE("Done");

    private static final Phase[] BY_NUMBER = values();

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** distcc's number for this phase, as stored in state files. */
    public int number() {
        return ordinal();
    }

    /** The word distccmon-text shows. */
    public String label() {
        return label;
    }

    /** The phase with this number; distccmon treats unknown numbers as Compile, and so do we. */
    public static Phase of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : COMPILE;
    }
}
