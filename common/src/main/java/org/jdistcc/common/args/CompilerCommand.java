package org.jdistcc.common.args;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A gcc or clang command line, understood well enough to run its preprocessor here and its
 * compiler on another machine: distcc 3.4's argument handling ({@code src/arg.c}, {@code
 * src/strip.c}), corrected where it was wrong. Immutable; {@link #parse} never throws for odd
 * input.
 *
 * <p>Decisions that differ from, or go beyond, distcc 3.4:
 *
 * <ul>
 *   <li>{@code -S} is distributed, as distcc does; the output defaults to {@code <stem>.s}.
 *   <li>{@code -x} is honoured in every spelling ({@code -xc++} too: distcc 3.4 tests the word
 *       <em>after</em> a joined {@code -x}). C, C++, Objective-C, Objective-C++ and their {@code
 *       *-cpp-output} forms are distributed, {@code -x none} restores naming by extension, every
 *       other language (assembler, headers, Fortran, ...) is local. The server is told the
 *       preprocessed language ({@code -x c++-cpp-output}), since it names its temporary file after the
 *       source's extension, not the language.
 *   <li>Assembler sources ({@code .s .S .sx}) stay local, as in distcc 3.4.
 *   <li>Option values are skipped ({@code -include x.c} is no source) and a few more options are
 *       local; see {@link Reason#enforcedByDistcc()}.
 * </ul>
 */
public final class CompilerCommand {
    private final List<String> arguments;
    private final Role[] roles;
    private final Mode mode;
    private final String source;
    private final Language language;
    private final boolean languageFromOption;
    private final String output;
    private final boolean outputGiven;
    private final DependencyOptions dependencies;
    private final Verdict verdict;
    private final Verdict verdictWithSources;
    private final String addedDependencyFile;
    private final boolean addsDependencyTarget;

    CompilerCommand(
            List<String> arguments,
            Role[] roles,
            Mode mode,
            String source,
            Language language,
            boolean languageFromOption,
            String output,
            boolean outputGiven,
            DependencyOptions dependencies,
            Verdict verdict,
            Verdict verdictWithSources,
            String addedDependencyFile,
            boolean addsDependencyTarget) {
        this.arguments = arguments;
        this.roles = roles;
        this.mode = mode;
        this.source = source;
        this.language = language;
        this.languageFromOption = languageFromOption;
        this.output = output;
        this.outputGiven = outputGiven;
        this.dependencies = dependencies;
        this.verdict = verdict;
        this.verdictWithSources = verdictWithSources;
        this.addedDependencyFile = addedDependencyFile;
        this.addsDependencyTarget = addsDependencyTarget;
    }

    /**
     * Understands {@code argv}, whose first word is the compiler (a name or a path). Never throws for
     * odd arguments (a trailing {@code -o}, empty words, ...): they give a {@link Verdict.LocalOnly}
     * and the compiler, run here, reports them.
     *
     * @throws NullPointerException if {@code argv} or one of its words is null
     */
    public static CompilerCommand parse(List<String> argv) {
        return CommandParser.parse(argv);
    }

    /**
     * The extension of the preprocessed file for a source name ({@code .c} gives {@code .i}; {@code
     * .cc .cpp .cxx .cp .c++ .C .ii} give {@code .ii}; {@code .m .mi} give {@code .mi}; {@code .mm .M
     * .mii} give {@code .mii}), or empty if distcc would not take it for a source.
     */
    public static Optional<String> preprocessedExtension(String sourceName) {
        String extension = FileNames.extension(sourceName);
        Language language = extension == null ? null : Language.ofExtension(extension);
        return language == null ? Optional.empty() : Optional.of(language.preprocessedExtension());
    }

    /** The compiler word, {@code argv[0]}; empty if there was none. */
    public String compiler() {
        return arguments.isEmpty() ? "" : arguments.getFirst();
    }

    /** The whole command line as given, compiler first. */
    public List<String> arguments() {
        return arguments;
    }

    public Mode mode() {
        return mode;
    }

    /** The source file, when there is exactly one (even one we cannot handle, like {@code x.s}). */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The source's language, from the {@code -x} before it or else from its extension. */
    public Optional<Language> language() {
        return Optional.ofNullable(language);
    }

    /**
     * The file the compile writes: the {@code -o} value as given, or gcc's default for {@code -c}
     * ({@code <stem>.o}) and {@code -S} ({@code <stem>.s}) in the current directory. Empty when
     * linking or preprocessing without {@code -o}, or when there is no single source.
     */
    public Optional<String> output() {
        return Optional.ofNullable(output);
    }

    public DependencyOptions dependencies() {
        return dependencies;
    }

    public Verdict verdict() {
        return verdict;
    }

    public boolean isDistributable() {
        return verdict instanceof Verdict.Distributable;
    }

    /** {@link Language#preprocessedExtension()} of the source's language ({@code -x} decides). */
    public Optional<String> preprocessedExtension() {
        return language().map(Language::preprocessedExtension);
    }

    /** Whether cpp must run before the source can be sent ({@code .i .ii .mi .mii} need none). */
    public boolean needsPreprocessing() {
        return language != null && !language.isPreprocessed();
    }

    /**
     * The dependency file this compile writes, also when only the environment asks for one: without
     * {@code -MD}/{@code -MMD}, gcc's cc1 reads {@code DEPENDENCIES_OUTPUT} then {@code
     * SUNPRO_DEPENDENCIES}, each {@code FILE} or {@code FILE TARGET}.
     */
    public Optional<String> dependencyFile(Map<String, String> environment) {
        if (dependencies.style() != DependencyOptions.Style.NONE) {
            return dependencies.file();
        }
        for (String variable : new String[] {"DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES"}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                String trimmed = value.strip();
                int space = trimmed.indexOf(' ');
                return Optional.of(space < 0 ? trimmed : trimmed.substring(0, space));
            }
        }
        return Optional.empty();
    }

    /**
     * The command to run here to preprocess the source into {@code outputFile} ({@code -} for its
     * stdout): {@code -o} removed,
     * {@code -c}/{@code -S} turned into {@code -E}, {@code -o outputFile} appended, every dependency
     * option kept so the {@code .d} file is written here exactly as the compile would have written it.
     * Two things change under {@code -E}, so they are added: gcc names the {@code .d} after the
     * {@code -o} file (we add {@code -MF <the original .d>}), and it stops using the {@code -o} value
     * as the target (we add {@code -MQ <output>}, quoted as gcc quotes it). Environment variables
     * ({@code DEPENDENCIES_OUTPUT}) need nothing: their target comes from the source in both runs.
     *
     * @throws IllegalStateException unless the command is distributable (as preprocessed text or in
     *     source mode) and needs preprocessing
     */
    public List<String> preprocessCommand(Path outputFile) {
        Objects.requireNonNull(outputFile, "outputFile");
        boolean distributable = isDistributable() || verdictWithSources instanceof Verdict.Distributable;
        if (!distributable || !needsPreprocessing()) {
            throw new IllegalStateException("nothing to preprocess: " + describe());
        }
        return PreprocessCommand.build(
                arguments, roles, outputFile.toString(), addedDependencyFile, addsDependencyTarget ? output : null);
    }

    /**
     * The arguments a distcc server gets with the preprocessed source (protocols 1 and 2), after
     * distcc's {@code dcc_strip_local_args}: preprocessor-only options removed, {@code -o <output>}
     * appended when absent, the original source name kept (the server swaps it for its temporary
     * file). A {@code -x} is replaced by its preprocessed form.
     *
     * @throws IllegalStateException unless the command is distributable
     */
    public List<String> remoteCommand() {
        if (!isDistributable()) {
            throw new IllegalStateException("not distributable: " + describe());
        }
        return RemoteCommand.build(arguments, roles, languageFromOption ? language : null, outputGiven ? null : output);
    }

    /**
     * The verdict for jdistcc's source mode, where the volunteer gets every input file and runs this
     * command itself ({@link #rootedCommand}) and returns side files: {@code -gsplit-dwarf} and {@code
     * -fstack-usage} become distributable; options whose effect a volunteer cannot reproduce from our
     * files ({@code -v}, {@code -H}, {@code --sysroot}, {@code -B}, ...) and {@code -gsplit-dwarf} with
     * an absolute {@code -o} do not. A {@link Verdict.LocalOnly} here means "not in source mode": the
     * command may still be distributable as preprocessed text ({@link #verdict()}).
     */
    public Verdict verdictWithSources() {
        return verdictWithSources;
    }

    /**
     * This command without its dependency-file options ({@code -MD -MMD -MF -MT -MQ -MP -MG} and their
     * {@code -Wp,} forms): what a volunteer checks against its option policy, since it places the
     * {@code .d} file of a source-mode compile under the job's root itself.
     *
     * @throws IllegalStateException unless {@link #verdictWithSources()} is distributable
     */
    public List<String> withoutDependencyOptions() {
        requireSourceMode();
        return SourceCommand.withoutDependencyOptions(arguments, roles);
    }

    /**
     * What a volunteer runs for a source-mode request once it has recreated every client file {@code
     * F} as {@code root + F} and changed to {@code root + cwd}: the command, with absolute paths of the
     * source, {@code -o}, {@code -I -iquote -isystem -idirafter -include -imacros}, the dependency file
     * ({@code -MF}, {@code -Wp,-MD,F}...) and the old halves of {@code -f*-prefix-map} moved under
     * {@code root} (dependency options are kept: the volunteer writes the {@code .d} file); plus {@code -ffile-prefix-map=<root>/=/} first (gcc
     * tries later maps first, so the user's own maps win), {@code -nostdinc} and one {@code -isystem
     * <root><dir>} per default directory after the user's, and {@code -include <preinclude>} before
     * the user's {@code -include}s, in place of the implicit {@code stdc-predef.h} that {@code
     * -nostdinc} turns off.
     *
     * @param root an absolute, normal path without {@code =}, and not {@code /}
     * @param systemDirectories the compiler's default include directories in search order, as the
     *     client's compiler sees them (empty after {@code -nostdinc})
     * @param preinclude the name the compiler includes implicitly ({@code stdc-predef.h}), or null
     * @throws IllegalStateException unless {@link #verdictWithSources()} is distributable
     */
    public List<String> rootedCommand(String root, List<String> systemDirectories, String preinclude) {
        requireSourceMode();
        if (!root.startsWith("/") || root.equals("/") || root.endsWith("/") || root.indexOf('=') >= 0) {
            throw new IllegalArgumentException("unusable root " + root);
        }
        return SourceCommand.rooted(arguments, roles, root, systemDirectories, preinclude);
    }

    /**
     * The words that decide the compiler's default include directories and its implicit pre-include
     * ({@code -m*}, {@code -nostdinc}, {@code -nostdinc++}, {@code -ffreestanding}, {@code -fhosted},
     * {@code -fno-hosted}), with {@code -x <language>} first: what a probe of the default search path
     * must be run with.
     */
    public List<String> includeSearchOptions() {
        return SourceCommand.includeSearchOptions(arguments, roles, language);
    }

    /**
     * The directories of {@code -I -iquote -isystem -idirafter} as given, in order: a source-mode
     * client makes the existing ones exist on the volunteer too, or gcc would drop them, and {@code
     * -Wmissing-include-dirs} would say so.
     */
    public List<String> includeDirectories() {
        return SourceCommand.includeDirectories(arguments, roles);
    }

    /**
     * Whether the object gets debug information: the last of {@code -g}, {@code -gN}, {@code -ggdb*},
     * {@code -gdwarf*}, {@code -gbtf}, {@code -gctf*}... is not {@code -g0}. Modifiers such as {@code
     * -gz} or {@code -gno-column-info} do not turn it on. Objects compiled from preprocessed text then
     * differ from local ones ({@code DW_AT_decl_column} counts macro-expanded columns).
     */
    public boolean emitsDebugInfo() {
        return SourceCommand.emitsDebugInfo(arguments, roles);
    }

    private void requireSourceMode() {
        if (!(verdictWithSources instanceof Verdict.Distributable)) {
            throw new IllegalStateException(
                    "not for source mode: " + ((Verdict.LocalOnly) verdictWithSources).describe());
        }
    }

    private String describe() {
        return verdict instanceof Verdict.LocalOnly local ? local.describe() : "already preprocessed";
    }

    @Override
    public String toString() {
        return "CompilerCommand" + arguments + " -> " + verdict;
    }
}
