package org.jdistcc.client.includes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.includes.IncludeDirective.Form;
import org.jdistcc.client.includes.IncludeDirective.Use;

/**
 * Finds the directives of a C, C++ or Objective-C file in one pass over its bytes, lexing just
 * enough to know where lines, comments, string literals and raw strings are (translation phases 1
 * to 3), so that a {@code #include} inside a comment or a string is not taken and one after a
 * multi-line comment or a spliced line is. Conditionals are not evaluated: every branch counts, as
 * in distcc's include server ({@code include_server/parse_file.py}); an extra header costs a few
 * bytes, a missed one a failed compile.
 *
 * <p>Where the lexing is unsure it errs towards finding more: {@code ??=} and {@code %:} start a
 * directive whatever the language mode, and the lines of a raw string literal are also read as
 * directives in case the compiler does not take it for a raw string (strict C modes).
 */
final class DirectiveScanner {
    private final byte[] text;
    private final int n;
    private int line = 1;
    private final List<IncludeDirective> includes = new ArrayList<>();
    private final Map<String, List<MacroDefinition>> definitions = new HashMap<>();
    private String problem;

    private DirectiveScanner(byte[] text) {
        this.text = text;
        this.n = text.length;
    }

    static ScannedFile scan(byte[] text) {
        var scanner = new DirectiveScanner(text);
        scanner.run();
        return new ScannedFile(List.copyOf(scanner.includes), Map.copyOf(scanner.definitions), scanner.problem);
    }

    private void run() {
        int i = 0;
        boolean lineStart = true;
        while (i < n) {
            if (lineStart) {
                lineStart = false;
                i = skipBlanks(i, true);
                int after = directiveStart(i);
                if (after >= 0) {
                    i = directive(after);
                }
                continue;
            }
            byte c = text[i];
            switch (c) {
                case '\n' -> {
                    line++;
                    lineStart = true;
                    i++;
                }
                case '\\' -> {
                    int splice = splice(i);
                    if (splice > 0) {
                        line++;
                    }
                    i += Math.max(splice, 1);
                }
                case '/' -> i = slash(i);
                case '"', '\'' -> i = literal(i, c, null);
                case 'R' -> i = maybeRawString(i);
                default -> i++;
            }
        }
    }

    /** The length of a line splice (backslash, optional blanks, newline) at {@code i}, or 0. */
    private int splice(int i) {
        if (text[i] != '\\') {
            return 0;
        }
        int j = i + 1;
        while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) {
            j++;
        }
        return j < n && text[j] == '\n' ? j + 1 - i : 0;
    }

    /**
     * Skips blanks, splices and block comments; with {@code acrossLines}, a block comment may span
     * lines (it is one space to the preprocessor, so a directive may follow it or continue after it).
     */
    private int skipBlanks(int i, boolean acrossLines) {
        while (i < n) {
            byte c = text[i];
            if (c == ' ' || c == '\t' || c == '\f' || c == 0x0b || c == '\r') {
                i++;
            } else if (c == '\\' && splice(i) > 0) {
                i += splice(i);
                line++;
            } else if (c == '/' && i + 1 < n && text[i + 1] == '*' && acrossLines) {
                i = blockComment(i);
            } else {
                return i;
            }
        }
        return i;
    }

    /** The index after a directive's {@code #} ({@code %:}, {@code ??=}) at {@code i}, or -1. */
    private int directiveStart(int i) {
        if (i >= n) {
            return -1;
        }
        if (text[i] == '#') {
            return i + 1;
        }
        if (text[i] == '%' && i + 1 < n && text[i + 1] == ':') {
            return i + 2;
        }
        if (text[i] == '?' && i + 2 < n && text[i + 1] == '?' && text[i + 2] == '=') {
            return i + 3;
        }
        return -1;
    }

    private int blockComment(int i) {
        for (int j = i + 2; j < n; j++) {
            if (text[j] == '\n') {
                line++;
            } else if (text[j] == '*' && j + 1 < n && text[j + 1] == '/') {
                return j + 2;
            }
        }
        return n;
    }

    /** At a {@code /}: skips a comment; a line comment stops at (not after) its newline. */
    private int slash(int i) {
        if (i + 1 < n && text[i + 1] == '*') {
            return blockComment(i);
        }
        if (i + 1 < n && text[i + 1] == '/') {
            return lineEnd(i + 2);
        }
        return i + 1;
    }

    /** The index of the newline ending the logical line that {@code i} is in (splices continue it). */
    private int lineEnd(int i) {
        while (i < n && text[i] != '\n') {
            int splice = text[i] == '\\' ? splice(i) : 0;
            if (splice > 0) {
                line++;
                i += splice;
            } else {
                i++;
            }
        }
        return i;
    }

    /**
     * Skips a string or character literal; an unterminated one ends at its line's end, as the lexer
     * ends it. With {@code copy}, appends it (without splices).
     */
    private int literal(int i, byte quote, StringBuilder copy) {
        int start = i;
        int j = i + 1;
        append(copy, quote);
        while (j < n) {
            byte c = text[j];
            if (c == '\n') {
                return j;
            }
            if (c == '\\') {
                int splice = splice(j);
                if (splice > 0) {
                    line++;
                    j += splice;
                    continue;
                }
                append(copy, c);
                if (j + 1 < n && text[j + 1] != '\n') {
                    append(copy, text[j + 1]);
                    j += 2;
                } else {
                    j++;
                }
                continue;
            }
            append(copy, c);
            j++;
            if (c == quote) {
                break;
            }
        }
        if (quote == '"' && problem == null && AssemblerIncludes.in(text, start, j)) {
            problem = "an assembler .incbin or .include at line " + line;
        }
        return j;
    }

    /** At an {@code R}: skips a raw string literal, reading its lines as directives too. */
    private int maybeRawString(int i) {
        int[] span = RawString.at(text, i);
        if (span == null) {
            return i + 1;
        }
        for (int j = span[0]; j < span[1]; j++) {
            if (text[j] == '\n') {
                line++;
                alsoAsDirective(j + 1);
            }
        }
        return span[1];
    }

    /** Reads a line inside a raw string as a directive too, leaving the scan position alone. */
    private void alsoAsDirective(int lineStart) {
        int savedLine = line;
        int j = skipBlanks(lineStart, false);
        int after = directiveStart(j);
        if (after >= 0) {
            directive(after);
        }
        line = savedLine;
    }

    /** Reads the directive whose name starts after {@code i}; returns the index of its ending newline. */
    private int directive(int i) {
        int directiveLine = line;
        int end = skipBlanks(i, true);
        var word = new StringBuilder();
        while (end < n) {
            int splice = splice(end);
            if (splice > 0) {
                end += splice;
                line++;
            } else if (PpLexer.isIdentifierPart((char) (text[end] & 0xff))) {
                word.append((char) (text[end++] & 0xff));
            } else {
                break;
            }
        }
        String name = word.toString();
        return switch (name) {
            case "include", "import" -> include(end, false, directiveLine);
            case "include_next" -> include(end, true, directiveLine);
            case "define" -> {
                var rest = new StringBuilder();
                int stop = rest(end, rest);
                define(rest.toString(), directiveLine);
                yield stop;
            }
            case "if", "elif", "ifdef", "ifndef", "elifdef", "elifndef" -> {
                var rest = new StringBuilder();
                int stop = rest(end, rest);
                HasIncludeFinder.find(rest.toString(), directiveLine, includes);
                yield stop;
            }
            case "pragma" -> {
                var rest = new StringBuilder();
                int stop = rest(end, rest);
                IncludeDirective dependency =
                        PragmaDependency.parse(rest.toString().strip(), directiveLine);
                if (dependency != null) {
                    includes.add(dependency);
                }
                yield stop;
            }
            case "embed" -> {
                if (problem == null) {
                    problem = "#embed at line " + directiveLine;
                }
                yield rest(end, null);
            }
            default -> rest(end, null);
        };
    }

    private int include(int i, boolean next, int directiveLine) {
        int j = skipBlanks(i, true);
        if (j < n && (text[j] == '"' || text[j] == '<')) {
            byte closer = text[j] == '"' ? (byte) '"' : (byte) '>';
            var name = new StringBuilder();
            int k = j + 1;
            while (k < n && text[k] != closer && text[k] != '\n') {
                int splice = splice(k);
                if (splice > 0) {
                    line++;
                    k += splice;
                } else {
                    name.append((char) (text[k++] & 0xff));
                }
            }
            if (k < n && text[k] == closer) {
                Form form = closer == '"' ? Form.QUOTED : Form.ANGLED;
                includes.add(new IncludeDirective(Use.INCLUDE, form, next, utf8(name), directiveLine));
                return rest(k + 1, null);
            }
        }
        var expression = new StringBuilder();
        int stop = rest(j, expression);
        String operand = expression.toString().strip();
        if (!operand.isEmpty()) {
            includes.add(new IncludeDirective(Use.INCLUDE, Form.COMPUTED, next, operand, directiveLine));
        }
        return stop;
    }

    private void define(String rest, int directiveLine) {
        MacroDefinition definition = DefinitionParser.parse(rest);
        if (definition == null) {
            return;
        }
        definitions.computeIfAbsent(definition.name(), k -> new ArrayList<>(1)).add(definition);
        if (definition.body().contains("__has_include")) {
            HasIncludeFinder.find(definition.body(), directiveLine, includes);
        }
    }

    /**
     * Copies the rest of the logical line from {@code i} into {@code out} (if not null) with splices
     * removed and comments replaced by a space; a block comment may carry the line on. Returns the
     * index of the ending newline.
     */
    private int rest(int i, StringBuilder out) {
        int j = i;
        while (j < n) {
            byte c = text[j];
            if (c == '\n') {
                return j;
            }
            if (c == '\\' && splice(j) > 0) {
                j += splice(j);
                line++;
            } else if (c == '/' && j + 1 < n && text[j + 1] == '*') {
                j = blockComment(j);
                append(out, (byte) ' ');
            } else if (c == '/' && j + 1 < n && text[j + 1] == '/') {
                return lineEnd(j);
            } else if (c == '"' || c == '\'') {
                j = literal(j, c, out);
            } else {
                append(out, c);
                j++;
            }
        }
        return j;
    }

    private static void append(StringBuilder out, byte c) {
        if (out != null) {
            out.append((char) (c & 0xff));
        }
    }

    /** Header names are bytes; file names on this system are taken to be UTF-8. */
    private static String utf8(StringBuilder latin1) {
        String s = latin1.toString();
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) >= 0x80) {
                return new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return s;
    }
}
