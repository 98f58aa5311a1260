package org.jdistcc.client.includes;

import java.util.HashSet;
import java.util.Set;

/**
 * A preprocessing token of a macro expansion, with the macros it may no longer expand (its hide
 * set, as in Prosser's algorithm that gcc's expansion follows) and whether white space came before
 * it (which {@code #} and the {@code <...>} form of a computed include keep).
 */
record PpToken(Kind kind, String text, boolean spaceBefore, Set<String> hidden) {
    enum Kind {
        IDENTIFIER,
        NUMBER,
        /** A string or character literal, with its prefix and quotes. */
        LITERAL,
        PUNCTUATOR,
        OTHER
    }

    PpToken {
        hidden = Set.copyOf(hidden);
    }

    static PpToken of(Kind kind, String text, boolean spaceBefore) {
        return new PpToken(kind, text, spaceBefore, Set.of());
    }

    boolean is(String punctuator) {
        return kind == Kind.PUNCTUATOR && text.equals(punctuator);
    }

    PpToken withSpace(boolean space) {
        return space == spaceBefore ? this : new PpToken(kind, text, space, hidden);
    }

    /** This token with {@code more} hidden as well. */
    PpToken hiding(Set<String> more) {
        if (more.isEmpty() || hidden.containsAll(more)) {
            return this;
        }
        Set<String> union = new HashSet<>(hidden);
        union.addAll(more);
        return new PpToken(kind, text, spaceBefore, union);
    }

    @Override
    public String toString() {
        return (spaceBefore ? " " : "") + text;
    }
}
