package org.jdistcc.common.args;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The make-dependency file a compile writes as a side effect ({@code -MD}, {@code -MMD}, their
 * {@code -Wp,} forms and their modifiers). With {@link Style#NONE} nothing is written from the
 * arguments, though {@code DEPENDENCIES_OUTPUT} may still ask for it (see {@link
 * CompilerCommand#dependencyFile(java.util.Map)}).
 *
 * @param file the {@code .d} path the compile writes: the last {@code -Wp,-MD,F}/{@code -Wp,-MMD,F}
 *     (cc1 sees {@code -Wp} words after the driver's), else the last {@code -MF}, else gcc's default
 *     name; empty without {@code -MD}/{@code -MMD} or when it cannot be known (no single source)
 * @param targets the explicit {@code -MT}/{@code -MQ} targets in order; when empty, gcc uses the
 *     {@code -o} value or {@code <source stem>.o}
 * @param phonyTargets {@code -MP}
 * @param generatedHeaders {@code -MG}
 */
public record DependencyOptions(
        Style style, Optional<String> file, List<Target> targets, boolean phonyTargets, boolean generatedHeaders) {

    static final DependencyOptions NONE = new DependencyOptions(Style.NONE, Optional.empty(), List.of(), false, false);

    public DependencyOptions {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(file, "file");
        targets = List.copyOf(targets);
    }

    /** Which headers the dependency file lists. */
    public enum Style {
        NONE,
        /** {@code -MD}: every header, system ones included. */
        ALL_HEADERS,
        /** {@code -MMD}: headers outside system directories only. */
        USER_HEADERS
    }

    /**
     * One rule target.
     *
     * @param quoted {@code -MQ}: gcc escapes characters special to make ({@code $} becomes {@code $$})
     */
    public record Target(String name, boolean quoted) {
        public Target {
            Objects.requireNonNull(name, "name");
        }
    }
}
