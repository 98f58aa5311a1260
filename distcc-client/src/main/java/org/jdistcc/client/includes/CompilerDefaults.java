package org.jdistcc.client.includes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a compiler brings to every compile of one language and set of target options: its built-in
 * include directories (as it prints them, in search order), the file it includes before the source
 * ({@code stdc-predef.h} with glibc; null if none), and its predefined macros. Read from one run of
 * the compiler on an empty file ({@link CompilerProbe}), as distcc's include server reads the
 * directories ({@code include_server/compiler_defaults.py}).
 *
 * @param quoteDirectories built-in directories for {@code #include "..."} only (normally none)
 * @param preinclude the implicitly included file as found in the built-in directories
 */
record CompilerDefaults(
        List<String> quoteDirectories,
        List<String> includeDirectories,
        String preinclude,
        Map<String, List<MacroDefinition>> predefined) {
    CompilerDefaults {
        quoteDirectories = List.copyOf(quoteDirectories);
        includeDirectories = List.copyOf(includeDirectories);
        predefined = Map.copyOf(predefined);
    }

    /**
     * Reads {@code cc -E -dD -v /dev/null}: standard error has the search list between {@code
     * #include "..." search starts here:} and {@code End of search list.}; standard output has the
     * predefined macros under the {@code <built-in>} line marker, and the marker of the implicit
     * include.
     */
    static CompilerDefaults parse(String standardOutput, String standardError) {
        List<String> quote = new ArrayList<>();
        List<String> angle = new ArrayList<>();
        List<String> section = null;
        boolean listed = false;
        for (String line : standardError.split("\n", -1)) {
            if (line.startsWith("#include \"...\" search starts here:")) {
                section = quote;
            } else if (line.startsWith("#include <...> search starts here:")) {
                section = angle;
            } else if (line.startsWith("End of search list.")) {
                section = null;
                listed = true;
            } else if (section != null && line.startsWith(" ") && !line.endsWith(" (framework directory)")) {
                section.add(line.strip());
            }
        }
        if (!listed) {
            throw new IllegalArgumentException("no include search list in the compiler's output");
        }
        Map<String, List<MacroDefinition>> predefined = new HashMap<>();
        String preinclude = null;
        boolean builtIn = false;
        for (String line : standardOutput.split("\n", -1)) {
            if (line.startsWith("# ")) {
                String file = markerFile(line);
                builtIn = "<built-in>".equals(file);
                if (preinclude == null
                        && file != null
                        && !file.startsWith("<")
                        && !file.equals("/dev/null")
                        && entersFile(line)) {
                    preinclude = file;
                }
            } else if (builtIn && line.startsWith("#define ")) {
                MacroDefinition definition = DefinitionParser.parse(line.substring("#define ".length()));
                if (definition != null) {
                    predefined
                            .computeIfAbsent(definition.name(), k -> new ArrayList<>(1))
                            .add(definition);
                }
            }
        }
        return new CompilerDefaults(quote, angle, preinclude, predefined);
    }

    /** Whether a line marker has flag 1: a file is entered. */
    private static boolean entersFile(String line) {
        String flags = line.substring(line.lastIndexOf('"') + 1).strip();
        return flags.equals("1") || flags.startsWith("1 ");
    }

    /** The file of a line marker {@code # 1 "file" flags}, or null. */
    private static String markerFile(String line) {
        int open = line.indexOf('"');
        int close = line.lastIndexOf('"');
        return open < 0 || close <= open ? null : line.substring(open + 1, close);
    }
}
