package org.jdistcc.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A jdistcc daemon's answer to a hello ({@link ProtocolVersion#HELLO}): the dialect features it
 * serves, and facts about itself as {@code key=value} lines (its version, its job limit, and what
 * later versions add). Unknown keys are ignored, so either end can grow the list.
 */
public record Hello(ProtocolVersion served, Map<String, String> facts) implements Message {
    /** The longest facts text a client reads. */
    public static final int MAX_FACTS = 16 * 1024;

    public Hello {
        facts = Map.copyOf(facts);
    }

    String factsText() {
        var out = new StringBuilder();
        facts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e ->
                        out.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        return out.toString();
    }

    static Map<String, String> parseFacts(String text) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return facts;
    }
}
