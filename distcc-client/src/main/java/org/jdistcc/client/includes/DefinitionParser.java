package org.jdistcc.client.includes;

import java.util.ArrayList;
import java.util.List;

/** Reads the text after {@code #define} (comments and line splices already gone). */
final class DefinitionParser {
    private DefinitionParser() {}

    /** The definition, or null when the text does not start with a macro name. */
    static MacroDefinition parse(String text) {
        int i = skipSpaces(text, 0);
        int start = i;
        while (i < text.length() && PpLexer.isIdentifierPart(text.charAt(i))) {
            i++;
        }
        if (i == start || Character.isDigit(text.charAt(start))) {
            return null;
        }
        String name = text.substring(start, i);
        if (i < text.length() && text.charAt(i) == '(') {
            int close = text.indexOf(')', i);
            if (close < 0) {
                return null;
            }
            List<String> parameters = new ArrayList<>();
            boolean variadic = false;
            String list = text.substring(i + 1, close).strip();
            if (!list.isEmpty()) {
                for (String parameter : list.split(",", -1)) {
                    String p = parameter.strip();
                    if (p.equals("...")) {
                        p = "__VA_ARGS__";
                        variadic = true;
                    } else if (p.endsWith("...")) {
                        // GNU named variadic parameter: "args..."
                        p = p.substring(0, p.length() - 3).strip();
                        variadic = true;
                    }
                    parameters.add(p);
                }
            }
            return new MacroDefinition(
                    name, parameters, variadic, text.substring(close + 1).strip());
        }
        return new MacroDefinition(name, null, false, text.substring(i).strip());
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
