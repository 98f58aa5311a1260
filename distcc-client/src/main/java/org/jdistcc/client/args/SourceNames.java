package org.jdistcc.client.args;

import java.util.Set;

/** File names distcc 3.4 takes for a source when deciding whether {@code cc} is implied. */
final class SourceNames {
    private static final Set<String> EXTENSIONS =
            Set.of("c", "cc", "cpp", "cxx", "cp", "c++", "C", "i", "ii", "m", "mm", "mi", "mii", "M", "s", "S");

    private SourceNames() {}

    static boolean looksLikeSource(String word) {
        int dot = word.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(word.substring(dot + 1));
    }
}
