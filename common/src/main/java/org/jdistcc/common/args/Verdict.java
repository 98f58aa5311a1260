package org.jdistcc.common.args;

import java.util.Objects;

/** Whether a command may be compiled on another machine. */
public sealed interface Verdict permits Verdict.Distributable, Verdict.LocalOnly {

    Distributable DISTRIBUTABLE = new Distributable();

    /** Preprocess here, compile anywhere. */
    record Distributable() implements Verdict {}

    /**
     * Run the whole command here.
     *
     * @param detail the word or value that decided it ({@code -march=native}, {@code .s}), or empty
     */
    record LocalOnly(Reason reason, String detail) implements Verdict {
        public LocalOnly {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** The reason with its detail, e.g. {@code unknown source extension .s}. */
        public String describe() {
            return detail.isEmpty() ? reason.message() : reason.message() + " " + detail;
        }
    }
}
