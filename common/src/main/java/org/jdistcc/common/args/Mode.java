package org.jdistcc.common.args;

/**
 * How far the compiler driver goes, decided as gcc does: {@code -E} beats {@code -S}, which beats
 * {@code -c}; with none of them the driver links.
 */
public enum Mode {
    /** {@code -E}: only the preprocessor runs. */
    PREPROCESS,
    /** {@code -S}: compile to an assembly file ({@code .s}); distributed, as distcc does. */
    COMPILE_TO_ASSEMBLY,
    /** {@code -c}: compile and assemble to an object file. */
    COMPILE,
    /** No {@code -c}, {@code -S} or {@code -E}: the driver links. */
    LINK
}
