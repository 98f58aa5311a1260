package org.jdistcc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a volunteer's {@link Hello} names its compilers: one fact {@code compiler.NAME=IDENTITY} per
 * compiler name a client may ask for (the identity digest of what that name runs there), and {@code
 * compilers=all} when every allowed name is listed, {@code compilers=some} when the list was cut to
 * fit the hello ({@link Hello#MAX_FACTS}) or the volunteer runs any name it finds. A name that is not
 * listed is not known to differ: the job carries the client's identity and the volunteer checks it
 * ({@link ProtocolVersion#FEATURE_IDENTITY}).
 */
public final class CompilerFacts {
    static final String PREFIX = "compiler.";
    static final String LISTED = "compilers";
    /** What compiler facts may take of a hello, leaving room for the others. */
    static final int BUDGET = Hello.MAX_FACTS - 2048;

    private CompilerFacts() {}

    /**
     * Adds a fact per compiler to {@code facts}, in the order given, as long as they fit.
     *
     * @param identities compiler name to identity digest
     * @param everyName whether {@code identities} holds every name the volunteer allows
     */
    public static void add(Map<String, String> facts, Map<String, String> identities, boolean everyName) {
        int used = 0;
        boolean all = everyName;
        for (var e : identities.entrySet()) {
            String name = e.getKey();
            if (!isFactName(name)) {
                all = false;
                continue;
            }
            int size = (PREFIX + name + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8).length;
            if (used + size > BUDGET) {
                all = false;
                break;
            }
            used += size;
            facts.put(PREFIX + name, e.getValue());
        }
        facts.put(LISTED, all ? "all" : "some");
    }

    /** The identity digest the volunteer gave for {@code name}, or null when it gave none. */
    public static String identityOf(Map<String, String> facts, String name) {
        return facts.get(PREFIX + name);
    }

    /** Whether the volunteer listed its compilers at all (a jdistcc volunteer older than this feature did not). */
    public static boolean listed(Map<String, String> facts) {
        return facts.containsKey(LISTED);
    }

    /** Whether every compiler name the volunteer allows is listed. */
    public static boolean listsAll(Map<String, String> facts) {
        return "all".equals(facts.get(LISTED));
    }

    /** The compilers listed, name to identity digest. */
    public static Map<String, String> all(Map<String, String> facts) {
        var out = new java.util.TreeMap<String, String>();
        facts.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                out.put(k.substring(PREFIX.length()), v);
            }
        });
        return out;
    }

    private static boolean isFactName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == '=' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
