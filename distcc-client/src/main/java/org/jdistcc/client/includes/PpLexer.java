package org.jdistcc.client.includes;

import java.util.ArrayList;
import java.util.List;
import org.jdistcc.client.includes.PpToken.Kind;

/**
 * Cuts directive text (comments and splices already removed) into preprocessing tokens, enough for
 * macro expansion: identifiers, pp-numbers, literals, and punctuators (the digraphs {@code %:} and
 * {@code %:%:} are read as {@code #} and {@code ##}).
 */
final class PpLexer {
    private static final String[] PUNCTUATORS = {
        "%:%:", "...", "<<=", ">>=", "->*", "##", "%:", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "++", "--",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "->", "::", ".*"
    };

    private PpLexer() {}

    static boolean isIdentifierPart(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '$'
                || c >= 0x80;
    }

    static List<PpToken> tokens(String text) {
        List<PpToken> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        boolean space = false;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f' || c == 0x0b || c == '\r' || c == '\n') {
                space = true;
                i++;
                continue;
            }
            int end;
            Kind kind;
            if (isLiteralStart(text, i)) {
                end = literalEnd(text, i);
                kind = Kind.LITERAL;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                end = numberEnd(text, i);
                kind = Kind.NUMBER;
            } else if (isIdentifierPart(c)) {
                end = i + 1;
                while (end < n && isIdentifierPart(text.charAt(end))) {
                    end++;
                }
                kind = Kind.IDENTIFIER;
            } else {
                end = punctuatorEnd(text, i);
                kind = end > i + 1 || "#()<>,.+-*/%&|^!~=?:;[]{}".indexOf(c) >= 0 ? Kind.PUNCTUATOR : Kind.OTHER;
            }
            String spelling = text.substring(i, end);
            if (spelling.equals("%:")) {
                spelling = "#";
            } else if (spelling.equals("%:%:")) {
                spelling = "##";
            }
            out.add(PpToken.of(kind, spelling, space));
            space = false;
            i = end;
        }
        return out;
    }

    /** A literal, with an optional L, u, U or u8 prefix. */
    private static boolean isLiteralStart(String text, int i) {
        int j = i;
        if (text.startsWith("u8", j)) {
            j += 2;
        } else if (j < text.length() && "LuU".indexOf(text.charAt(j)) >= 0) {
            j++;
        }
        return j < text.length() && (text.charAt(j) == '"' || text.charAt(j) == '\'');
    }

    private static int literalEnd(String text, int i) {
        int j = i;
        while (text.charAt(j) != '"' && text.charAt(j) != '\'') {
            j++;
        }
        char quote = text.charAt(j);
        for (j++; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == quote) {
                return j + 1;
            }
        }
        return text.length();
    }

    private static int numberEnd(String text, int i) {
        int j = i + 1;
        while (j < text.length()) {
            char c = text.charAt(j);
            char previous = text.charAt(j - 1);
            if ((c == '+' || c == '-') && "eEpP".indexOf(previous) >= 0) {
                j++;
            } else if (isIdentifierPart(c) || c == '.') {
                j++;
            } else if (c == '\'' && j + 1 < text.length() && isIdentifierPart(text.charAt(j + 1))) {
                j += 2;
            } else {
                break;
            }
        }
        return j;
    }

    private static int punctuatorEnd(String text, int i) {
        for (String punctuator : PUNCTUATORS) {
            if (text.startsWith(punctuator, i)) {
                return i + punctuator.length();
            }
        }
        return i + 1;
    }
}
