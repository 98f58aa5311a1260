package org.jdistcc.common.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdistcc.common.args.DependencyOptions.Style;
import org.jdistcc.common.args.DependencyOptions.Target;
import org.jdistcc.common.args.Verdict.LocalOnly;

/**
 * Collects the dependency-file options of one command line, keeping apart what the gcc driver sees
 * ({@code -MD -MF -MT ...}) from what it hands to cc1 untouched ({@code -Wp,...}): only the driver's
 * options are rewritten by {@code -o}, so only they need help when we preprocess with another
 * {@code -o}.
 */
final class DependencyScan {
    private Style style = Style.NONE;
    private boolean driverStyle;
    private String driverFile;
    private boolean driverTarget;
    private String preprocessorFile;
    private List<Target> targets;
    private boolean phonyTargets;
    private boolean generatedHeaders;

    /** {@code -MD} or {@code -MMD}. */
    void driverStyle(Style newStyle) {
        style = newStyle;
        driverStyle = true;
    }

    void phonyTargets() {
        phonyTargets = true;
    }

    void generatedHeaders() {
        generatedHeaders = true;
    }

    /** {@code -MF}, {@code -MT} or {@code -MQ} (the first three characters of {@code option}) with its value. */
    void driverOption(String option, String value) {
        if (option.startsWith("-MF")) {
            driverFile = value;
        } else {
            driverTarget = true;
            target(value, option.startsWith("-MQ"));
        }
    }

    /**
     * {@code -Wp,a,b} hands {@code a b} to cc1 as they are. distcc scans the dependency options there
     * (it rewrites {@code -Wp,-MD,F} to {@code -MD -MF F}) and kernel-style builds rely on them.
     *
     * @return why the word keeps the compile local, or null
     */
    LocalOnly preprocessorOptions(String word) {
        String[] parts = word.substring("-Wp,".length()).split(",", -1);
        for (int j = 0; j < parts.length; j++) {
            String part = parts[j];
            if (part.isEmpty()) {
                // cc1 takes an empty word for a second input file and fails.
                return new LocalOnly(Reason.EMPTY_ARGUMENT, word);
            }
            switch (part) {
                case "-MD", "-MMD", "-MF", "-MT", "-MQ" -> {
                    if (j + 1 >= parts.length) {
                        return new LocalOnly(Reason.MISSING_ARGUMENT, word);
                    }
                    String value = parts[++j];
                    if (value.isEmpty()) {
                        return new LocalOnly(Reason.EMPTY_ARGUMENT, word);
                    }
                    switch (part) {
                        case "-MD", "-MMD" -> {
                            style = part.equals("-MD") ? Style.ALL_HEADERS : Style.USER_HEADERS;
                            preprocessorFile = value;
                        }
                        case "-MF" -> preprocessorFile = value;
                        default -> target(value, part.equals("-MQ"));
                    }
                }
                case "-MP" -> phonyTargets = true;
                case "-MG" -> generatedHeaders = true;
                case "-E" -> {
                    return new LocalOnly(Reason.PREPROCESS_ONLY, word);
                }
                default -> {
                    if (part.startsWith("-MF")) {
                        preprocessorFile = part.substring(3);
                    } else if (part.startsWith("-MT") || part.startsWith("-MQ")) {
                        target(part.substring(3), part.startsWith("-MQ"));
                    } else if (part.startsWith("-M")) {
                        return new LocalOnly(Reason.DEPENDENCIES_ONLY, word);
                    }
                }
            }
        }
        return null;
    }

    private void target(String value, boolean quoted) {
        if (targets == null) {
            targets = new ArrayList<>(2);
        }
        targets.add(new Target(value, quoted));
    }

    /**
     * @param source the single source, or null
     * @param output the {@code -o} value, or null when there is none
     */
    DependencyOptions options(String source, String output) {
        if (style == Style.NONE && targets == null && driverFile == null && preprocessorFile == null) {
            return DependencyOptions.NONE;
        }
        String file = null;
        if (style != Style.NONE) {
            // cc1 sees -Wp words after the driver's -MD/-MF, and the last file named wins.
            if (preprocessorFile != null) {
                file = preprocessorFile;
            } else if (driverFile != null) {
                file = driverFile;
            } else {
                file = defaultFile(source, output);
            }
        }
        return new DependencyOptions(
                style,
                Optional.ofNullable(file),
                targets == null ? List.of() : targets,
                phonyTargets,
                generatedHeaders);
    }

    /**
     * The {@code -MF} the preprocessor run needs, or null: the driver's {@code -MD} without {@code -MF}
     * names the file after {@code -o}, which the preprocessor run replaces.
     */
    String fileForPreprocessor(String source, String output) {
        return driverStyle && driverFile == null ? defaultFile(source, output) : null;
    }

    /**
     * Whether the preprocessor run needs {@code -MQ <output>}: for {@code -MD} with {@code -o} and no
     * target, gcc's spec adds {@code -MQ <output>}, but not under {@code -E}.
     */
    boolean targetForPreprocessor(String output) {
        return driverStyle && !driverTarget && output != null;
    }

    /** gcc's {@code -MD} name without {@code -MF}: {@code %{!o:%b.d}%{o*:%.d%*}}. */
    private static String defaultFile(String source, String output) {
        if (output != null) {
            return FileNames.dependencyFileForOutput(output);
        }
        return source == null ? null : FileNames.defaultOutput(source, ".d");
    }
}
