package org.jdistcc.common.args;

import org.jdistcc.common.args.Verdict.LocalOnly;

/**
 * Options that keep a compile out of jdistcc's source mode, where the volunteer runs the original
 * command on a copy of every input under its own directory ({@link CompilerCommand#rootedCommand}).
 * Such a compile may still go out as preprocessed text, or run here. Two kinds: options whose output
 * would show the volunteer's rewritten command or directories ({@code -v}, {@code -H}), and options
 * naming paths we do not rewrite ({@code --sysroot}, {@code -B}, {@code -iprefix}, paths inside
 * {@code -Wa,}), so the volunteer would look in its own file system.
 */
final class SourceModeOptions {
    private SourceModeOptions() {}

    /** Whether source mode returns the side file this option writes ({@code .dwo}, {@code .su}). */
    static boolean returnsSideFile(String option) {
        return option.equals("-gsplit-dwarf") || option.equals("-fstack-usage");
    }

    /** The reason an option keeps a compile out of source mode, or null. */
    static LocalOnly check(String option) {
        switch (option) {
            case "-v",
                    "-###",
                    "-H",
                    "-P",
                    "-Q",
                    "-time",
                    "-no-integrated-cpp",
                    "-traditional-cpp",
                    "-wrapper",
                    "-isysroot",
                    "-iprefix",
                    "-iwithprefix",
                    "-iwithprefixbefore",
                    "-imultilib",
                    "-B",
                    "--sysroot",
                    "-dumpdir",
                    "-dumpbase",
                    "-dumpbase-ext",
                    "-Xpreprocessor",
                    "-Xassembler",
                    "-include-pch",
                    "-ivfsoverlay",
                    "-iframework",
                    "-F" -> {
                return unreproducible(option);
            }
            default -> {}
        }
        if (option.startsWith("-B")
                || option.startsWith("--sysroot=")
                || option.startsWith("-isysroot")
                || option.startsWith("-iprefix")
                || option.startsWith("-iwithprefix")
                || option.startsWith("-print-")
                || option.startsWith("--print-")
                || option.startsWith("-ftime-report")
                || option.startsWith("-fmem-report")
                || option.startsWith("-fdiagnostics-format=sarif")
                || option.startsWith("--include")
                || option.startsWith("--imacros")
                || option.startsWith("--sysroot")) {
            return unreproducible(option);
        }
        // -fopt-info-...=FILE writes wherever it is told.
        if (option.startsWith("-fopt-info") && option.indexOf('=') > 0) {
            return unreproducible(option);
        }
        // The assembler resolves .include and .incbin itself, in the volunteer's file system.
        if (option.startsWith("-Wa,") && option.indexOf('/') >= 0) {
            return unreproducible(option);
        }
        return null;
    }

    /**
     * A {@code -Wp,} word, once its dependency options are gone: cc1 gets the rest as they are, so a
     * path there is not rewritten, and {@code -P}, {@code -H}, {@code -v} change what it prints.
     */
    static LocalOnly checkPreprocessorPart(String word, String part) {
        if (part.indexOf('/') >= 0 || part.equals("-P") || part.equals("-H") || part.equals("-v")) {
            return unreproducible(word);
        }
        return null;
    }

    /**
     * An include path starting with {@code =} or {@code $SYSROOT} is relative to the sysroot, which the
     * volunteer does not move under its copy of our files.
     */
    static LocalOnly checkPathValue(String option, String value) {
        if (value != null && (value.startsWith("=") || value.startsWith("$SYSROOT"))) {
            return unreproducible(option + " " + value);
        }
        return null;
    }

    private static LocalOnly unreproducible(String option) {
        return new LocalOnly(Reason.NOT_REPRODUCIBLE_FROM_SOURCES, option);
    }
}
