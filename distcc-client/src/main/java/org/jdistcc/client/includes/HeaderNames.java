package org.jdistcc.client.includes;

import java.util.ArrayList;
import java.util.List;
import org.jdistcc.client.includes.IncludeDirective.Form;

/**
 * What a macro-expanded {@code #include} operand names (C11 6.10.2p4, gcc's {@code
 * parse_include}): a string literal is taken as it is spelled, without its quotes; {@code <} starts
 * a name made of the spellings of the tokens up to {@code >}. Anything else is an error in cpp, so
 * names nothing.
 */
final class HeaderNames {
    record HeaderName(Form form, String name) {}

    private HeaderNames() {}

    /**
     * The names an expansion can stand for. For {@code <...>}, gcc puts a space where a token had
     * white space before it, and our tracking of white space through expansions is not exact, so
     * the name without those spaces is given as well.
     */
    static List<HeaderName> of(List<PpToken> tokens) {
        List<HeaderName> names = new ArrayList<>(2);
        if (tokens.isEmpty()) {
            return names;
        }
        PpToken first = tokens.getFirst();
        if (first.kind() == PpToken.Kind.LITERAL
                && first.text().startsWith("\"")
                && first.text().endsWith("\"")
                && first.text().length() >= 2) {
            names.add(new HeaderName(
                    Form.QUOTED, first.text().substring(1, first.text().length() - 1)));
            return names;
        }
        if (!first.is("<")) {
            return names;
        }
        var spaced = new StringBuilder();
        var tight = new StringBuilder();
        for (int i = 1; i < tokens.size(); i++) {
            PpToken t = tokens.get(i);
            if (t.is(">")) {
                addNames(names, spaced.toString(), tight.toString());
                return names;
            }
            if (t.spaceBefore()) {
                spaced.append(' ');
            }
            spaced.append(t.text());
            tight.append(t.text());
        }
        return names; // no ">": cpp reports an error
    }

    private static void addNames(List<HeaderName> names, String spaced, String tight) {
        if (!spaced.isEmpty()) {
            names.add(new HeaderName(Form.ANGLED, spaced));
        }
        if (!tight.equals(spaced) && !tight.isEmpty()) {
            names.add(new HeaderName(Form.ANGLED, tight));
        }
    }
}
