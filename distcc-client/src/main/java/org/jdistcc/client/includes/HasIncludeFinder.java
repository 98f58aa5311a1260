package org.jdistcc.client.includes;

import java.util.List;
import org.jdistcc.client.includes.IncludeDirective.Form;
import org.jdistcc.client.includes.IncludeDirective.Use;

/**
 * Finds {@code __has_include(...)} and {@code __has_include_next(...)} in a conditional or a macro
 * body. Whether the file exists decides a branch, so it must exist on the other side exactly when
 * it exists here; the branch itself is taken either way by the scan. gcc before 10 spelled the
 * operator {@code __has_include__}, so that spelling counts too.
 */
final class HasIncludeFinder {
    private static final String OPERATOR = "__has_include";

    private HasIncludeFinder() {}

    static void find(String text, int line, List<IncludeDirective> out) {
        int from = 0;
        while (true) {
            int at = text.indexOf(OPERATOR, from);
            if (at < 0) {
                return;
            }
            from = at + OPERATOR.length();
            if (at > 0 && PpLexer.isIdentifierPart(text.charAt(at - 1))) {
                continue;
            }
            int i = from;
            boolean next = text.startsWith("_next", i);
            if (next) {
                i += "_next".length();
            }
            if (text.startsWith("__", i)) {
                i += 2;
            }
            if (i < text.length() && PpLexer.isIdentifierPart(text.charAt(i))) {
                continue;
            }
            i = skipSpaces(text, i);
            if (i >= text.length() || text.charAt(i) != '(') {
                continue; // "#ifdef __has_include" asks whether the operator exists
            }
            i = skipSpaces(text, i + 1);
            IncludeDirective found = operand(text, i, next, line);
            if (found != null) {
                out.add(found);
            }
        }
    }

    private static IncludeDirective operand(String text, int i, boolean next, int line) {
        if (i >= text.length()) {
            return null;
        }
        char open = text.charAt(i);
        if (open == '"' || open == '<') {
            int close = text.indexOf(open == '"' ? '"' : '>', i + 1);
            if (close < 0) {
                return null;
            }
            Form form = open == '"' ? Form.QUOTED : Form.ANGLED;
            return new IncludeDirective(Use.PROBE, form, next, text.substring(i + 1, close), line);
        }
        int depth = 1;
        for (int j = i; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                String expression = text.substring(i, j).strip();
                return expression.isEmpty()
                        ? null
                        : new IncludeDirective(Use.PROBE, Form.COMPUTED, next, expression, line);
            }
        }
        return null;
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
