package org.jdistcc.daemon.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment variables that can change what gcc writes (object, side files, diagnostics), for
 * the result cache's key: the locale (messages, quotes), diagnostic colours, URLs and width, {@code
 * SOURCE_DATE_EPOCH} and {@code TZ} ({@code __DATE__}, {@code __TIME__}), {@code GCC_COMPARE_DEBUG},
 * the search paths gcc reads from the environment, where it finds its own programs, and what the
 * dynamic loader would put under it. Anything else a daemon or client has set (a service manager's
 * variables, {@code HOME}) stays out, or no two volunteers would ever share a result. {@code PATH}
 * stays out too: the {@code as} it finds is part of the compiler's identity.
 */
final class OutputEnvironment {
    static final Set<String> NAMES = Set.of(
            "LANG",
            "LANGUAGE",
            "GCC_COLORS",
            "GCC_URLS",
            "TERM_URLS",
            "TERM",
            "COLUMNS",
            "GCC_EXTRA_DIAGNOSTIC_OUTPUT",
            "SOURCE_DATE_EPOCH",
            "TZ",
            "GCC_COMPARE_DEBUG",
            "GCC_EXEC_PREFIX",
            "COMPILER_PATH",
            "LIBRARY_PATH",
            "CPATH",
            "C_INCLUDE_PATH",
            "CPLUS_INCLUDE_PATH",
            "OBJC_INCLUDE_PATH",
            "DEPENDENCIES_OUTPUT",
            "SUNPRO_DEPENDENCIES",
            "LD_PRELOAD",
            "LD_LIBRARY_PATH");

    private OutputEnvironment() {}

    /** The variables of {@code env} that matter, as sorted {@code NAME=value}. */
    static List<String> of(Map<String, String> env) {
        var kept = new TreeMap<String, String>();
        env.forEach((name, value) -> {
            if (NAMES.contains(name) || name.startsWith("LC_")) {
                kept.put(name, value);
            }
        });
        List<String> entries = new ArrayList<>(kept.size());
        kept.forEach((name, value) -> entries.add(name + "=" + value));
        return entries;
    }

    /** The same for {@code NAME=value} entries, as source mode carries them. */
    static List<String> ofEntries(List<String> entries) {
        var env = new TreeMap<String, String>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return of(env);
    }

    /** Whether {@code __DATE__} and {@code __TIME__} are fixed by the environment. */
    static boolean fixesTheDate(Map<String, String> env) {
        return env.containsKey("SOURCE_DATE_EPOCH");
    }
}
