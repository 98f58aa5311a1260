package org.jdistcc.daemon.compilers;

/**
 * Why an option is allowed or refused. Each refused class is one line of the table in
 * docs/security.md; the text is what the client sees after "is not allowed: ".
 */
enum OptionClass {
    // Allowed: effects stay inside the job directory.
    CODE_GENERATION("code generation, optimisation, warnings or language", true),
    DEBUG_INFO("debug information", true),
    SEARCH_PATH("a search path: a preprocessed source includes nothing", true),
    MACRO("a macro definition: the source is already preprocessed", true),
    DEPENDENCY_NAME("dependency output beside the object in the job directory", true),
    LINK_IGNORED("link-only: ignored when compiling with -c or -S", true),
    DIAGNOSTICS("diagnostics on stderr", true),

    // Refused.
    RUNS_PROGRAM("runs or loads another program on the volunteer", false),
    PASSES_THROUGH("passes unchecked words to the preprocessor, assembler or linker", false),
    RESPONSE_FILE("reads a response file on the volunteer", false),
    READS_FILE("reads a file named by the client on the volunteer", false),
    WRITES_FILE("writes a file at a path chosen by the client", false),
    PREPROCESSES("would preprocess the source again, reading headers on the volunteer", false),
    LOCAL_ONLY("distcc compiles this only on the client", false),
    LINK_ONLY("link-only, names a file or directory on the volunteer", false),
    NAMES_PATH("names a file or directory on the volunteer", false),
    UNKNOWN("not on the daemon's list of understood options", false);

    private final String reason;
    private final boolean allowed;

    OptionClass(String reason, boolean allowed) {
        this.reason = reason;
        this.allowed = allowed;
    }

    String reason() {
        return reason;
    }

    boolean allowed() {
        return allowed;
    }
}
