package org.jdistcc.client.includes;

/**
 * The analysis cannot be sure that it found every file the compiler would read; the message says
 * why, for {@link Result.CannotBeSure}. The compile is then preprocessed here, as distcc does when
 * its include server is "not covering" a compile.
 */
final class Unsure extends Exception {
    private static final long serialVersionUID = 1L;

    Unsure(String reason) {
        super(reason, null, false, false);
    }
}
