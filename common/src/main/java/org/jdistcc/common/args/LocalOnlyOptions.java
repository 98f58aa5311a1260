package org.jdistcc.common.args;

import org.jdistcc.common.args.Verdict.LocalOnly;

/**
 * Options that on their own keep a compile local. The first group is distcc 3.4's {@code
 * dcc_scan_args}; the second is ours (see {@link Reason#enforcedByDistcc()}). Options whose effect
 * depends on other words ({@code -E}, {@code -M*}, {@code -x}, {@code -o}, {@code -Wp,}) are the
 * parser's business.
 */
final class LocalOnlyOptions {
    private LocalOnlyOptions() {}

    /** The verdict an option forces, or null when it is fine to distribute. */
    static LocalOnly check(String option) {
        return switch (option) {
            case "-march=native" -> new LocalOnly(Reason.NATIVE_ARCH, "");
            case "-mtune=native" -> new LocalOnly(Reason.NATIVE_TUNE, "");
            case "-mcpu=native" -> new LocalOnly(Reason.NATIVE_CPU, "");
            // Only the bare form: distcc 3.4 sends -flto=auto and -flto=thin.
            case "-flto" -> new LocalOnly(Reason.LTO, "");
            case "-fprofile-arcs", "-ftest-coverage", "--coverage", "-fprofile-correction" ->
                new LocalOnly(Reason.PROFILING, option);
            case "-frepo" -> new LocalOnly(Reason.REPOSITORY, "");
            case "-specs", "--specs" -> new LocalOnly(Reason.SPECS, "");
            case "-fsyntax-only" -> new LocalOnly(Reason.SYNTAX_ONLY, "");
            case "-gsplit-dwarf", "-fstack-usage", "-aux-info", "-ftime-trace" ->
                new LocalOnly(Reason.SIDE_FILES, option);
            // Driver actions spelled long: distcc would miss them, so we would misclassify.
            case "--compile",
                    "--assemble",
                    "--preprocess",
                    "--output",
                    "--language",
                    "--dependencies",
                    "--user-dependencies",
                    "--write-dependencies",
                    "--write-user-dependencies",
                    "--print-missing-file-dependencies" -> new LocalOnly(Reason.LONG_OPTION, option);
            // Dump flags that change dump contents but write no file themselves.
            case "-fdump-noaddr", "-fdump-unnumbered", "-fdump-unnumbered-links", "-fdump-passes" -> null;
            default -> checkPrefix(option);
        };
    }

    private static LocalOnly checkPrefix(String option) {
        if (option.startsWith("-Wa,")) {
            // Assembler listings and dependency files would be written on the server.
            if (option.contains(",-a") || option.contains("--MD")) {
                return new LocalOnly(Reason.ASSEMBLER_LISTING, option);
            }
            return null;
        }
        if (option.startsWith("-specs=") || option.startsWith("--specs=")) {
            return new LocalOnly(Reason.SPECS, option);
        }
        if (option.startsWith("-fprofile-generate")
                || option.startsWith("-fprofile-use")
                || option.startsWith("-fauto-profile")) {
            return new LocalOnly(Reason.PROFILING, option);
        }
        if (option.startsWith("-dr")) {
            return new LocalOnly(Reason.RTL_DUMP, option);
        }
        if (option.startsWith("-fplugin=")) {
            return new LocalOnly(Reason.PLUGIN, option);
        }
        if (option.startsWith("-save-temps")
                || option.startsWith("-fcallgraph-info")
                || option.startsWith("-fdump-")
                || option.startsWith("-ftime-trace=")) {
            return new LocalOnly(Reason.SIDE_FILES, option);
        }
        if (option.startsWith("--output=") || option.startsWith("--language=") || option.startsWith("--save-temps")) {
            return new LocalOnly(Reason.LONG_OPTION, option);
        }
        return null;
    }
}
