package org.jdistcc.client.includes;

/**
 * An assembler {@code .incbin} or {@code .include} in a string literal (inline asm) reads a file
 * that no preprocessor reports, from the directory the assembler runs in: the analysis cannot list
 * it, so it gives up on such a file.
 */
final class AssemblerIncludes {
    private AssemblerIncludes() {}

    /** Whether {@code text[from, to)} holds {@code .incbin} or {@code .include}. */
    static boolean in(byte[] text, int from, int to) {
        for (int k = from; k + 7 <= to; k++) {
            if (text[k] == '.' && text[k + 1] == 'i' && text[k + 2] == 'n' && text[k + 3] == 'c') {
                if (matches(text, k, to, ".incbin") || matches(text, k, to, ".include")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(byte[] text, int at, int to, String word) {
        if (at + word.length() > to) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (text[at + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
