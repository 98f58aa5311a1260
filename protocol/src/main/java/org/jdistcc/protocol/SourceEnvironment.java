package org.jdistcc.protocol;

import java.util.List;

/**
 * The environment variables a source-mode request carries ({@code NENV}/{@code ENVV}): those that
 * change what gcc prints, and nothing else. The client sends these, the volunteer applies these;
 * variables that change search paths or outputs (CPATH, DEPENDENCIES_OUTPUT...) never travel.
 */
public final class SourceEnvironment {
    public static final List<String> NAMES = List.of(
            "LANG",
            "LANGUAGE",
            "LC_ALL",
            "LC_CTYPE",
            "LC_MESSAGES",
            "GCC_COLORS",
            "GCC_URLS",
            "TERM_URLS",
            "TERM",
            "COLUMNS",
            "GCC_EXTRA_DIAGNOSTIC_OUTPUT",
            "SOURCE_DATE_EPOCH",
            "TZ");

    private SourceEnvironment() {}
}
