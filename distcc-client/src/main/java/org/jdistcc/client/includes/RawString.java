package org.jdistcc.client.includes;

import java.nio.charset.StandardCharsets;

/**
 * A C++11 raw string literal ({@code R"delim(...)delim"}, also with an {@code L u U u8} prefix):
 * nothing in it is a comment, a splice or a directive to the compiler.
 */
final class RawString {
    private static final int MAX_DELIMITER = 16;

    private RawString() {}

    /**
     * If a raw string starts at the {@code R} at {@code i}: where its body starts and where the
     * literal ends (the end of the text if it is not closed); else null.
     */
    static int[] at(byte[] text, int i) {
        int n = text.length;
        if (i + 1 >= n || text[i + 1] != '"') {
            return null;
        }
        int start = i;
        while (start > 0 && PpLexer.isIdentifierPart((char) (text[start - 1] & 0xff))) {
            start--;
        }
        String prefix = new String(text, start, i - start, StandardCharsets.ISO_8859_1);
        if (!(prefix.isEmpty()
                || prefix.equals("L")
                || prefix.equals("u")
                || prefix.equals("U")
                || prefix.equals("u8"))) {
            return null;
        }
        int open = i + 2;
        while (open < n && open - (i + 2) <= MAX_DELIMITER && isDelimiterChar(text[open])) {
            open++;
        }
        if (open >= n || text[open] != '(' || open - (i + 2) > MAX_DELIMITER) {
            return null;
        }
        byte[] close = (")" + new String(text, i + 2, open - (i + 2), StandardCharsets.ISO_8859_1) + "\"")
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int j = open + 1; j < n; j++) {
            if (text[j] == ')' && matches(text, j, close)) {
                return new int[] {open + 1, j + close.length};
            }
        }
        return new int[] {open + 1, n};
    }

    private static boolean isDelimiterChar(byte c) {
        return c > ' ' && c < 0x7f && c != '(' && c != ')' && c != '\\' && c != '"';
    }

    private static boolean matches(byte[] text, int at, byte[] word) {
        if (at + word.length > text.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            if (text[at + k] != word[k]) {
                return false;
            }
        }
        return true;
    }
}
