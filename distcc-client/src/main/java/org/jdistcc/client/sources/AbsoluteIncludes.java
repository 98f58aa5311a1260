package org.jdistcc.client.sources;

/**
 * Finds {@code #include "/..."} (and {@code <...>}, {@code include_next}, {@code import}) in a file:
 * the volunteer's compiler would open such a path in its own file system, not in its copy of ours. A
 * textual scan, so an absolute path inside a comment or an {@code #if 0} costs source mode too; a path
 * built by a macro is not seen.
 */
final class AbsoluteIncludes {
    private AbsoluteIncludes() {}

    static boolean contains(byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] != '#') {
                continue;
            }
            int j = skipBlanks(text, i + 1);
            int end = directiveEnd(text, j);
            if (end < 0) {
                continue;
            }
            j = skipBlanks(text, end);
            if (j + 1 < text.length && (text[j] == '"' || text[j] == '<') && text[j + 1] == '/') {
                return true;
            }
        }
        return false;
    }

    private static int directiveEnd(byte[] text, int at) {
        for (String directive : new String[] {"include_next", "include", "import"}) {
            if (startsWith(text, at, directive)) {
                return at + directive.length();
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] text, int at, String word) {
        if (at + word.length() > text.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (text[at + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int skipBlanks(byte[] text, int at) {
        while (at < text.length && (text[at] == ' ' || text[at] == '\t')) {
            at++;
        }
        return at;
    }
}
