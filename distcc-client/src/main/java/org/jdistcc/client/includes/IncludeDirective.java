package org.jdistcc.client.includes;

/**
 * One way a file can make the preprocessor look for another: {@code #include}, {@code #import},
 * {@code #include_next}, and the probes that only ask whether a file exists ({@code
 * __has_include}, {@code __has_include_next}, {@code #pragma GCC dependency}).
 *
 * @param operand the name between the quotes or angle brackets, or the macro expression of a
 *     computed form
 * @param line where the directive starts, for messages
 */
record IncludeDirective(Use use, Form form, boolean next, String operand, int line) {
    enum Use {
        /** The file is read: its own directives count. */
        INCLUDE,
        /** Only the file's existence (or date) is asked for: it must be there, but is not read. */
        PROBE
    }

    enum Form {
        QUOTED,
        ANGLED,
        /** {@code #include MACRO}: the operand is macro-expanded to one of the two other forms. */
        COMPUTED
    }
}
