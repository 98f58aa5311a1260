package org.jdistcc.common.args;

/**
 * What one word of a command line is, as far as rewriting it for the preprocessor or the server
 * needs to know.
 */
enum Role {
    COMPILER,
    /** {@code -c} or {@code -S}: becomes {@code -E} for the preprocessor. */
    ACTION,
    /** {@code -o} followed by its value. */
    OUTPUT_OPTION,
    OUTPUT_VALUE,
    /** {@code -oFILE}. */
    OUTPUT_JOINED,
    /** {@code -x} followed by its value. */
    LANGUAGE_OPTION,
    LANGUAGE_VALUE,
    /** {@code -xLANG}. */
    LANGUAGE_JOINED,
    /** An input the driver would compile (supported or not). */
    SOURCE,
    /** The value of the option before it ({@code -I dir}, {@code -MT target}). */
    VALUE,
    OTHER
}
