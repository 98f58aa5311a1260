package org.jdistcc.daemon.compilers;

/**
 * One line of {@link OptionPolicy}'s table: how an option is spelt, whether it takes a value, and
 * its {@link OptionClass}.
 */
record OptionRule(String spelling, Form form, OptionClass optionClass) {
    enum Form {
        /** The word is exactly the spelling. */
        EXACT,
        /** The word starts with the spelling; the rest is part of the option. */
        PREFIX,
        /** The value is joined ({@code -DX}) or the next word ({@code -D X}). */
        VALUE,
        /** The value is always the next word ({@code -target x86_64-linux-gnu}). */
        NEXT
    }

    /** Whether this rule decides {@code word}. */
    boolean matches(String word) {
        return switch (form) {
            case EXACT, NEXT -> word.equals(spelling);
            case PREFIX, VALUE -> word.startsWith(spelling);
        };
    }

    /** Whether the next word is this option's value. */
    boolean consumesNext(String word) {
        return form == Form.NEXT || (form == Form.VALUE && word.equals(spelling));
    }

    static OptionRule exact(String spelling, OptionClass c) {
        return new OptionRule(spelling, Form.EXACT, c);
    }

    static OptionRule prefix(String spelling, OptionClass c) {
        return new OptionRule(spelling, Form.PREFIX, c);
    }

    static OptionRule value(String spelling, OptionClass c) {
        return new OptionRule(spelling, Form.VALUE, c);
    }

    static OptionRule next(String spelling, OptionClass c) {
        return new OptionRule(spelling, Form.NEXT, c);
    }
}
