package org.jdistcc.common.args;

/**
 * Why a command must run on this machine. Most rules are distcc 3.4's {@code dcc_scan_args}
 * ({@code src/arg.c}); the rest catch commands distcc would send but that cannot give the right
 * result remotely. {@link #enforcedByDistcc()} tells them apart, so a daemon can refuse only what a
 * real distcc 3.4 daemon refuses and stay compatible with distcc clients.
 */
public enum Reason {
    LINKING("linking", true),
    PREPROCESS_ONLY("preprocess only (-E)", true),
    /** {@code -M}, {@code -MM} and other {@code -M} forms imply {@code -E}; distcc keeps them local even with -MD. */
    DEPENDENCIES_ONLY("-M/-MM without -MD", true),
    NO_SOURCE("no source file", true),
    MULTIPLE_SOURCES("multiple source files", true),
    /** A source distcc servers do not recognise ({@code .s}, {@code .S}, {@code .f90}, {@code .h}, ...). */
    UNSUPPORTED_SOURCE("unknown source extension", true),
    /** {@code -x} with a language other than C, C++, Objective-C, Objective-C++ or their cpp output. */
    UNSUPPORTED_LANGUAGE("-x language we cannot preprocess", true),
    NATIVE_ARCH("-march=native", true),
    NATIVE_TUNE("-mtune=native", true),
    LTO("-flto", true),
    PROFILING("profile/coverage option", true),
    REPOSITORY("-frepo writes .rpo files", true),
    RTL_DUMP("-dr writes RTL dumps", true),
    ASSEMBLER_LISTING("-Wa with -a or --MD", true),
    SPECS("-specs=", true),
    OUTPUT_TO_STDOUT("-o -", true),
    /** {@code -MF -}: the dependency rules on standard output, where the preprocessed text goes too. */
    DEPENDENCIES_TO_STDOUT("-MF -", false),
    CONFTEST("conftest", true),
    TWO_OUTPUTS("two outputs", true),
    /**
     * A bare {@code x.o} word: gcc ignores it when compiling, but distcc takes it for the output, so a
     * distcc 3.4 daemon would misplace the object.
     */
    OBJECT_FILE_ARGUMENT("object file among the arguments", true),
    /** Debian's distcc expands {@code @file} before scanning; we leave that to the compiler. */
    RESPONSE_FILE("@file response file", false),
    NATIVE_CPU("-mcpu=native", false),
    /** A distcc 3.4 daemon refuses {@code -fplugin=} when it checks the compiler, after the upload. */
    PLUGIN("-fplugin=", false),
    /** Side files ({@code .dwo}, {@code .su}, dumps, temps) stay on the server and are never returned. */
    SIDE_FILES("writes side files the server cannot return", false),
    SYNTAX_ONLY("-fsyntax-only writes no output", false),
    /**
     * Source mode only ({@link CompilerCommand#verdictWithSources()}): an option whose effect a
     * volunteer compiling our files under its own directory cannot reproduce exactly.
     */
    NOT_REPRODUCIBLE_FROM_SOURCES("option source mode cannot reproduce", false),
    /** Source mode only: gcc writes the {@code .dwo} path into the object as given, unmapped. */
    SPLIT_DWARF_ABSOLUTE_OUTPUT("-gsplit-dwarf with an absolute -o", false),
    /** {@code --output}, {@code --language}, ...: spellings distcc does not recognise or rewrite. */
    LONG_OPTION("long option spelling we do not rewrite", false),
    STDIN_SOURCE("source read from standard input", false),
    MISSING_ARGUMENT("option needs an argument", false),
    EMPTY_ARGUMENT("empty argument", false),
    NO_COMPILER("no compiler name", false);

    private final String message;
    private final boolean enforcedByDistcc;

    Reason(String message, boolean enforcedByDistcc) {
        this.message = message;
        this.enforcedByDistcc = enforcedByDistcc;
    }

    /** A short human message, as distcc would log it. */
    public String message() {
        return message;
    }

    /** Whether distcc 3.4's own scan keeps such a command local too (so its daemon refuses it). */
    public boolean enforcedByDistcc() {
        return enforcedByDistcc;
    }
}
