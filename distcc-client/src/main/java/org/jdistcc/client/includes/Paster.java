package org.jdistcc.client.includes;

import java.util.List;

/** The {@code ##} operator (C11 6.10.3.3), with GNU's {@code , ## __VA_ARGS__}. */
final class Paster {
    private Paster() {}

    /**
     * Pastes {@code right} onto the end of {@code partial}. An empty side is a placemarker: the other
     * side stays as it is. With {@code gnuComma} ({@code right} is the variadic argument), an empty
     * {@code right} removes a comma before the {@code ##}, and a non-empty one follows the comma
     * unpasted.
     */
    static void paste(List<PpToken> partial, List<PpToken> right, boolean gnuComma) {
        if (gnuComma && !partial.isEmpty() && partial.getLast().is(",")) {
            if (right.isEmpty()) {
                partial.removeLast();
            } else {
                partial.addAll(right);
            }
            return;
        }
        if (right.isEmpty()) {
            return;
        }
        if (partial.isEmpty()) {
            partial.addAll(right);
            return;
        }
        PpToken left = partial.removeLast();
        String joined = left.text() + right.getFirst().text();
        List<PpToken> relexed = PpLexer.tokens(joined);
        // An invalid paste is an error in cpp: whatever is made of it includes nothing.
        PpToken pasted = relexed.size() == 1
                ? relexed.getFirst().withSpace(left.spaceBefore())
                : PpToken.of(PpToken.Kind.OTHER, joined, left.spaceBefore());
        partial.add(pasted);
        partial.addAll(right.subList(1, right.size()));
    }
}
