package org.jdistcc.client.includes;

import java.util.List;

/**
 * A {@code #define} as written: object-like when {@code parameters} is null. Only computed
 * includes ever expand one, so the body is kept as text and cut into tokens on first use.
 */
final class MacroDefinition {
    private final String name;
    private final List<String> parameters;
    private final boolean variadic;
    private final String body;
    private volatile List<PpToken> tokens;

    MacroDefinition(String name, List<String> parameters, boolean variadic, String body) {
        this.name = name;
        this.parameters = parameters == null ? null : List.copyOf(parameters);
        this.variadic = variadic;
        this.body = body;
    }

    /**
     * Parses the text after {@code -D}: {@code NAME} (defined as 1), {@code NAME=BODY} or {@code
     * NAME(A,B)=BODY}, as gcc's driver turns it into {@code #define NAME BODY}.
     */
    static MacroDefinition fromCommandLine(String value) {
        int equals = value.indexOf('=');
        String head = equals < 0 ? value : value.substring(0, equals);
        String body = equals < 0 ? "1" : value.substring(equals + 1);
        return DefinitionParser.parse(head + " " + body);
    }

    String name() {
        return name;
    }

    boolean isFunctionLike() {
        return parameters != null;
    }

    /** The parameter names; for {@code (...)} the last one is {@code __VA_ARGS__}. */
    List<String> parameters() {
        return parameters;
    }

    boolean isVariadic() {
        return variadic;
    }

    String body() {
        return body;
    }

    List<PpToken> bodyTokens() {
        List<PpToken> cut = tokens;
        if (cut == null) {
            cut = PpLexer.tokens(body);
            tokens = cut;
        }
        return cut;
    }

    @Override
    public String toString() {
        return "#define " + name + (parameters == null ? "" : "(" + String.join(",", parameters) + ")") + " " + body;
    }
}
