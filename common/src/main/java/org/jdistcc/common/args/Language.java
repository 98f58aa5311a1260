package org.jdistcc.common.args;

/**
 * The source languages we can preprocess here and compile elsewhere, with gcc's {@code -x} names.
 * The preprocessed forms need no cpp; their files are what the server is sent.
 */
public enum Language {
    C("c", ".i"),
    CXX("c++", ".ii"),
    OBJECTIVE_C("objective-c", ".mi"),
    OBJECTIVE_CXX("objective-c++", ".mii"),
    PREPROCESSED_C("cpp-output", ".i"),
    PREPROCESSED_CXX("c++-cpp-output", ".ii"),
    PREPROCESSED_OBJECTIVE_C("objective-c-cpp-output", ".mi"),
    PREPROCESSED_OBJECTIVE_CXX("objective-c++-cpp-output", ".mii");

    private final String gccName;
    private final String preprocessedExtension;

    Language(String gccName, String preprocessedExtension) {
        this.gccName = gccName;
        this.preprocessedExtension = preprocessedExtension;
    }

    /** The name {@code -x} takes for this language. */
    public String gccName() {
        return gccName;
    }

    /** The extension, with its dot, of this language's preprocessed file: {@code .i .ii .mi .mii}. */
    public String preprocessedExtension() {
        return preprocessedExtension;
    }

    /** Whether the source is already preprocessed, so cpp must not run again. */
    public boolean isPreprocessed() {
        return preprocessed() == this;
    }

    /** This language once cpp has run on it. */
    public Language preprocessed() {
        return switch (this) {
            case C, PREPROCESSED_C -> PREPROCESSED_C;
            case CXX, PREPROCESSED_CXX -> PREPROCESSED_CXX;
            case OBJECTIVE_C, PREPROCESSED_OBJECTIVE_C -> PREPROCESSED_OBJECTIVE_C;
            case OBJECTIVE_CXX, PREPROCESSED_OBJECTIVE_CXX -> PREPROCESSED_OBJECTIVE_CXX;
        };
    }

    /**
     * The language distcc 3.4 gives a file extension (without its dot; case matters: {@code C} and
     * {@code M} are C++ and Objective-C++), or null when distcc does not take such a file for a source
     * ({@code src/filename.c}, {@code dcc_is_source}).
     */
    static Language ofExtension(String extension) {
        return switch (extension) {
            case "c" -> C;
            case "cc", "cpp", "cxx", "cp", "c++", "C" -> CXX;
            case "m" -> OBJECTIVE_C;
            case "mm", "M" -> OBJECTIVE_CXX;
            case "i" -> PREPROCESSED_C;
            case "ii" -> PREPROCESSED_CXX;
            case "mi" -> PREPROCESSED_OBJECTIVE_C;
            case "mii" -> PREPROCESSED_OBJECTIVE_CXX;
            default -> null;
        };
    }

    /**
     * The language named by {@code -x NAME}, or null for a language we cannot handle (assembler,
     * headers, Fortran, ...). {@code none} is not a language; callers treat it first.
     */
    static Language ofGccName(String name) {
        return switch (name) {
            case "c" -> C;
            case "c++" -> CXX;
            case "objective-c" -> OBJECTIVE_C;
            case "objective-c++" -> OBJECTIVE_CXX;
            case "cpp-output" -> PREPROCESSED_C;
            case "c++-cpp-output" -> PREPROCESSED_CXX;
            // gcc still accepts the old objc spellings.
            case "objective-c-cpp-output", "objc-cpp-output" -> PREPROCESSED_OBJECTIVE_C;
            case "objective-c++-cpp-output", "objc++-cpp-output" -> PREPROCESSED_OBJECTIVE_CXX;
            default -> null;
        };
    }
}
