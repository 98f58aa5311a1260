package org.jdistcc.daemon.compilers;

import java.util.Map;

/**
 * Source file names distcc 3.4 distributes and the extension of their preprocessed form
 * ({@code src/filename.c}: {@code dcc_preproc_exten}). Assembler sources ({@code .s}, {@code .S})
 * are not distributed.
 */
final class SourceLanguage {
    private static final Map<String, String> PREPROCESSED = Map.ofEntries(
            Map.entry("c", "i"),
            Map.entry("i", "i"),
            Map.entry("cc", "ii"),
            Map.entry("cpp", "ii"),
            Map.entry("cxx", "ii"),
            Map.entry("cp", "ii"),
            Map.entry("c++", "ii"),
            Map.entry("C", "ii"),
            Map.entry("ii", "ii"),
            Map.entry("m", "mi"),
            Map.entry("mi", "mi"),
            Map.entry("mm", "mii"),
            Map.entry("M", "mii"),
            Map.entry("mii", "mii"));

    /**
     * The languages a client may name with {@code -x}, and what we compile instead: the source is
     * already preprocessed, and letting gcc preprocess it again would let {@code #include} read
     * files on the volunteer (and print them in error messages). distcc 3.4 passes {@code -x c}
     * through unchanged.
     */
    private static final Map<String, String> LANGUAGES = Map.of(
            "c", "cpp-output",
            "cpp-output", "cpp-output",
            "c++", "c++-cpp-output",
            "c++-cpp-output", "c++-cpp-output",
            "objective-c", "objective-c-cpp-output",
            "objective-c-cpp-output", "objective-c-cpp-output",
            "objective-c++", "objective-c++-cpp-output",
            "objective-c++-cpp-output", "objective-c++-cpp-output",
            "none", "none");

    private SourceLanguage() {}

    static boolean isSource(String word) {
        return PREPROCESSED.containsKey(extension(word));
    }

    /** The name the preprocessed source gets in the job directory: {@code dir/zlib.c -> zlib.i}. */
    static String preprocessedName(String source) {
        String base = basename(source);
        return stem(base) + "." + PREPROCESSED.get(extension(base));
    }

    /** {@code dir/zlib.c -> zlib}. */
    static String stem(String source) {
        String base = basename(source);
        int dot = base.lastIndexOf('.');
        return dot < 0 ? base : base.substring(0, dot);
    }

    /** The preprocessed-input language for a {@code -x} value, or null when it is not allowed. */
    static String preprocessedLanguage(String language) {
        return LANGUAGES.get(language);
    }

    static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String extension(String word) {
        int dot = word.lastIndexOf('.');
        int slash = word.lastIndexOf('/');
        return dot < 0 || dot < slash ? "" : word.substring(dot + 1);
    }
}
