package org.jdistcc.daemon.serving;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code .d} file a source-mode compile wrote, as the client's gcc would have written it: the job's
 * root cut out of every name, and the lines broken again where gcc breaks them for the shorter names.
 * gcc lays its rule out by name length (libcpp/mkdeps.cc, {@code make_write}: a name that would pass
 * column 72 starts a continued line), so cutting the root alone would leave the breaks of the longer
 * names. The layout is gcc 11's and later's; before using it, this checks that it reproduces the
 * volunteer's file byte for byte, and gives up (null) when it does not (another gcc, C++ modules):
 * the client then compiles here, so a {@code .d} file is exact or not made remotely at all.
 */
final class DependencyFile {
    /** {@code deps_write (pfile, fp, 72)} in gcc's c-family/c-opts.cc. */
    static final int COLUMNS = 72;

    private DependencyFile() {}

    /** The file with {@code root} cut, laid out again; null if its layout is not the one modelled here. */
    static byte[] withoutRoot(byte[] written, String root) {
        String text = new String(written, StandardCharsets.ISO_8859_1);
        int end = ruleEnd(text);
        if (end < 0) {
            return null;
        }
        List<String> words = words(text.substring(0, end));
        if (words == null || !layout(words).equals(text.substring(0, end + 1))) {
            return null;
        }
        String cut = root;
        List<String> shorter = new ArrayList<>(words.size());
        for (String word : words) {
            shorter.add(word.replace(cut, ""));
        }
        // -MP's phony rules ("header:" lines) are never broken: only the root goes.
        String rest = text.substring(end + 1).replace(cut, "");
        var out = new ByteArrayOutputStream(written.length);
        out.writeBytes((layout(shorter) + rest).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Where the first rule ends: the first newline not escaped by a backslash. */
    private static int ruleEnd(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n' && (i == 0 || text.charAt(i - 1) != '\\')) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The rule's words: targets (the last one ending in its colon) and prerequisites, as written (make
     * quoting kept). Words are parted by a space that no backslash escapes, or by gcc's {@code " \\\n "}.
     */
    private static List<String> words(String rule) {
        List<String> words = new ArrayList<>();
        var word = new StringBuilder();
        int i = 0;
        while (i < rule.length()) {
            char c = rule.charAt(i);
            if (c == ' ' && !escaped(rule, i)) {
                if (word.isEmpty()) {
                    return null; // two separators in a row: not gcc's layout
                }
                words.add(word.toString());
                word.setLength(0);
                i += rule.startsWith(" \\\n ", i) ? 4 : 1;
            } else {
                word.append(c);
                i++;
            }
        }
        if (word.isEmpty()) {
            return null;
        }
        words.add(word.toString());
        return words;
    }

    private static boolean escaped(String text, int at) {
        int backslashes = 0;
        for (int k = at - 1; k >= 0 && text.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /**
     * gcc's {@code make_write}: targets, a colon, prerequisites, each after a space, or after {@code "
     * \\\n "} when it would pass the column limit; the colon counts one column. Ends with the newline.
     */
    static String layout(List<String> words) {
        var out = new StringBuilder();
        int column = 0;
        boolean targets = true;
        for (String word : words) {
            String name = word;
            boolean last = targets && word.endsWith(":") && !escaped(word, word.length() - 1);
            if (last) {
                name = word.substring(0, word.length() - 1);
            }
            if (column > 0) {
                if (column + name.length() > COLUMNS) {
                    out.append(" \\\n");
                    column = 0;
                }
                column++;
                out.append(' ');
            }
            column += name.length();
            out.append(name);
            if (last) {
                out.append(':');
                column++;
                targets = false;
            }
        }
        return out.append('\n').toString();
    }
}
