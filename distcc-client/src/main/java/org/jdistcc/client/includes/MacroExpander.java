package org.jdistcc.client.includes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Macro expansion over every definition a macro may have at the point of use: the operand of a
 * computed {@code #include} evaluates to the set of token sequences it can become, each macro
 * expanded by each of its definitions or left alone (it may be undefined there). This is the
 * over-approximation of distcc's include server ({@code include_server/macro_eval.py}), done on
 * tokens with hide sets (Prosser's algorithm, which cpp implements), {@code #}, {@code ##}, {@code
 * __VA_ARGS__} and GNU's {@code , ## __VA_ARGS__}, where the include server rescans strings.
 *
 * <p>It gives up ({@link Unsure}) when the number of alternatives or steps passes its budget, and
 * on what it does not model: {@code __VA_OPT__}, and builtins whose value depends on where they are
 * expanded ({@code __FILE__}, {@code __COUNTER__}, ...).
 */
final class MacroExpander {
    static final int MAX_RESULTS = 512;
    static final int MAX_STEPS = 200_000;
    private static final int MAX_TOKENS = 4_096;
    private static final Set<String> POSITIONAL_BUILTINS = Set.of(
            "__FILE__",
            "__LINE__",
            "__COUNTER__",
            "__INCLUDE_LEVEL__",
            "__BASE_FILE__",
            "__FILE_NAME__",
            "__DATE__",
            "__TIME__",
            "__TIMESTAMP__");

    private record State(List<PpToken> done, List<PpToken> todo) {}

    private final Function<String, List<MacroDefinition>> definitions;
    private int steps;

    /** @param definitions every definition a name may have (none: not a macro) */
    MacroExpander(Function<String, List<MacroDefinition>> definitions) {
        this.definitions = definitions;
    }

    /** Every sequence {@code input} may expand to. */
    List<List<PpToken>> expand(List<PpToken> input) throws Unsure {
        Map<String, List<PpToken>> results = new LinkedHashMap<>();
        var stack = new ArrayDeque<State>();
        stack.push(new State(List.of(), input));
        while (!stack.isEmpty()) {
            State state = stack.pop();
            if (++steps > MAX_STEPS) {
                throw new Unsure("more than " + MAX_STEPS + " expansion steps");
            }
            if (state.todo.isEmpty()) {
                results.putIfAbsent(render(state.done), state.done);
                if (results.size() > MAX_RESULTS) {
                    throw new Unsure("more than " + MAX_RESULTS + " possible expansions");
                }
                continue;
            }
            PpToken token = state.todo.getFirst();
            List<PpToken> rest = state.todo.subList(1, state.todo.size());
            List<MacroDefinition> candidates =
                    token.kind() == PpToken.Kind.IDENTIFIER && !token.hidden().contains(token.text())
                            ? definitions.apply(token.text())
                            : List.of();
            if (candidates.isEmpty() && token.kind() == PpToken.Kind.IDENTIFIER) {
                if (POSITIONAL_BUILTINS.contains(token.text())) {
                    throw new Unsure("it uses " + token.text());
                }
                if (token.text().equals("__VA_OPT__")) {
                    throw new Unsure("it uses __VA_OPT__");
                }
            }
            // The macro may be undefined where the directive is: the name stays.
            stack.push(new State(append(state.done, List.of(token)), rest));
            for (MacroDefinition definition : candidates) {
                expandOne(token, definition, state.done, rest, stack);
            }
        }
        return new ArrayList<>(results.values());
    }

    private void expandOne(
            PpToken name, MacroDefinition definition, List<PpToken> done, List<PpToken> rest, ArrayDeque<State> stack)
            throws Unsure {
        Set<String> hide = new HashSet<>(name.hidden());
        hide.add(definition.name());
        if (!definition.isFunctionLike()) {
            for (List<PpToken> body : substitute(definition, List.of(), hide, name.spaceBefore())) {
                stack.push(new State(done, append(body, rest)));
            }
            return;
        }
        if (rest.isEmpty() || !rest.getFirst().is("(")) {
            return; // a function-like name without arguments is no invocation
        }
        List<List<PpToken>> arguments = new ArrayList<>();
        int close = arguments(rest, arguments);
        if (close < 0 || !fitArguments(definition, arguments)) {
            return; // cpp reports an error: nothing is included
        }
        hide.retainAll(rest.get(close).hidden());
        hide.add(definition.name());
        List<PpToken> after = rest.subList(close + 1, rest.size());
        for (List<PpToken> body : substitute(definition, arguments, hide, name.spaceBefore())) {
            stack.push(new State(done, append(body, after)));
        }
    }

    /** Splits {@code (a, (b, c), d)} at its outer commas; returns the index of the closing parenthesis or -1. */
    private static int arguments(List<PpToken> tokens, List<List<PpToken>> out) {
        int depth = 0;
        List<PpToken> current = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            PpToken t = tokens.get(i);
            if (t.is("(")) {
                if (depth++ == 0) {
                    continue;
                }
            } else if (t.is(")")) {
                if (--depth == 0) {
                    out.add(current);
                    return i;
                }
            } else if (t.is(",") && depth == 1) {
                out.add(current);
                current = new ArrayList<>();
                continue;
            }
            current.add(t);
        }
        return -1;
    }

    /** Matches the arguments to the parameters, gathering the variadic ones; false when cpp would refuse. */
    private static boolean fitArguments(MacroDefinition definition, List<List<PpToken>> arguments) {
        int parameters = definition.parameters().size();
        if (parameters == 0) {
            return arguments.size() == 1 && arguments.getFirst().isEmpty();
        }
        if (definition.isVariadic()) {
            if (arguments.size() == parameters - 1) {
                arguments.add(new ArrayList<>()); // GNU: the variadic arguments may be left out
            }
            if (arguments.size() < parameters) {
                return false;
            }
            while (arguments.size() > parameters) {
                List<PpToken> last = arguments.removeLast();
                List<PpToken> joined = arguments.getLast();
                joined.add(PpToken.of(PpToken.Kind.PUNCTUATOR, ",", false));
                joined.addAll(last);
            }
            return true;
        }
        return arguments.size() == parameters;
    }

    /** The body with arguments put in, each pre-expanded argument in each of its alternatives. */
    private List<List<PpToken>> substitute(
            MacroDefinition definition, List<List<PpToken>> arguments, Set<String> hide, boolean spaceBefore)
            throws Unsure {
        List<PpToken> body = definition.bodyTokens();
        List<String> parameters = definition.isFunctionLike() ? definition.parameters() : List.of();
        Map<Integer, List<List<PpToken>>> expanded = new LinkedHashMap<>();
        List<List<PpToken>> partials = new ArrayList<>();
        partials.add(new ArrayList<>());
        for (int i = 0; i < body.size(); i++) {
            PpToken token = body.get(i);
            int parameter = token.kind() == PpToken.Kind.IDENTIFIER ? parameters.indexOf(token.text()) : -1;
            PpToken next = i + 1 < body.size() ? body.get(i + 1) : null;
            int nextParameter =
                    next != null && next.kind() == PpToken.Kind.IDENTIFIER ? parameters.indexOf(next.text()) : -1;
            if (token.text().equals("__VA_OPT__")) {
                throw new Unsure("it uses __VA_OPT__");
            }
            if (token.is("#") && definition.isFunctionLike() && nextParameter >= 0) {
                PpToken string = Stringifier.stringify(arguments.get(nextParameter), token.spaceBefore());
                partials.forEach(p -> p.add(string));
                i++;
            } else if (token.is("##") && next != null) {
                List<PpToken> right = nextParameter >= 0 ? arguments.get(nextParameter) : List.of(next);
                boolean gnuComma = nextParameter == parameters.size() - 1 && definition.isVariadic();
                for (List<PpToken> partial : partials) {
                    Paster.paste(partial, right, gnuComma);
                }
                i++;
            } else if (parameter >= 0) {
                List<PpToken> raw = arguments.get(parameter);
                if (next != null && next.is("##")) {
                    partials.forEach(p -> p.addAll(spaced(raw, token.spaceBefore())));
                } else {
                    List<List<PpToken>> alternatives = expanded.get(parameter);
                    if (alternatives == null) {
                        alternatives = expand(raw);
                        expanded.put(parameter, alternatives);
                    }
                    partials = cross(partials, alternatives, token.spaceBefore());
                }
            } else {
                partials.forEach(p -> p.add(token));
            }
        }
        List<List<PpToken>> out = new ArrayList<>(partials.size());
        for (List<PpToken> partial : partials) {
            List<PpToken> hidden = new ArrayList<>(partial.size());
            for (int k = 0; k < partial.size(); k++) {
                PpToken t = partial.get(k).hiding(hide);
                hidden.add(k == 0 ? t.withSpace(spaceBefore) : t);
            }
            out.add(hidden);
        }
        return out;
    }

    private static List<List<PpToken>> cross(
            List<List<PpToken>> partials, List<List<PpToken>> alternatives, boolean spaceBefore) throws Unsure {
        if (partials.size() * (long) alternatives.size() > MAX_RESULTS) {
            throw new Unsure("more than " + MAX_RESULTS + " possible expansions");
        }
        List<List<PpToken>> out = new ArrayList<>(partials.size() * alternatives.size());
        for (List<PpToken> partial : partials) {
            for (List<PpToken> alternative : alternatives) {
                List<PpToken> joined = new ArrayList<>(partial);
                joined.addAll(spaced(alternative, spaceBefore));
                out.add(joined);
            }
        }
        return out;
    }

    private static List<PpToken> spaced(List<PpToken> tokens, boolean spaceBefore) {
        if (tokens.isEmpty() || tokens.getFirst().spaceBefore() == spaceBefore) {
            return tokens;
        }
        List<PpToken> copy = new ArrayList<>(tokens);
        copy.set(0, copy.getFirst().withSpace(spaceBefore));
        return copy;
    }

    private static List<PpToken> append(List<PpToken> a, List<PpToken> b) throws Unsure {
        if (a.size() + b.size() > MAX_TOKENS) {
            throw new Unsure("an expansion longer than " + MAX_TOKENS + " tokens");
        }
        List<PpToken> joined = new ArrayList<>(a.size() + b.size());
        joined.addAll(a);
        joined.addAll(b);
        return joined;
    }

    static String render(List<PpToken> tokens) {
        var text = new StringBuilder();
        for (PpToken t : tokens) {
            if (t.spaceBefore() && !text.isEmpty()) {
                text.append(' ');
            }
            text.append(t.text());
        }
        return text.toString();
    }
}
