package org.jdistcc.client.job;

/** Thrown where an abandoned job's work must stop: its client went away. */
public final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Abandoned() {
        super("the client went away", null, false, false);
    }
}
