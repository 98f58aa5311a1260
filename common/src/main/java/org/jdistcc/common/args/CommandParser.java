package org.jdistcc.common.args;

import java.util.Arrays;
import java.util.List;
import org.jdistcc.common.args.DependencyOptions.Style;
import org.jdistcc.common.args.Verdict.LocalOnly;

/**
 * One pass over a compiler command line, after distcc 3.4's {@code dcc_scan_args}. It never stops
 * early, so the source, output and language are known even for local-only commands, and it never
 * throws: whatever it cannot make sense of becomes a {@link LocalOnly} verdict and the compiler,
 * run locally, reports the real error.
 *
 * <p>When several rules fail, the reason reported is the first of: an option (in argument order),
 * linking, the sources, the outputs, conftest. distcc reports the first it meets while scanning, so
 * its reason can differ; the verdict does not.
 */
final class CommandParser {
    private final List<String> argv;
    private final String[] words;
    private final Role[] roles;

    private LocalOnly optionProblem;
    /** The first option problem that source mode does not solve (it returns .dwo and .su files). */
    private LocalOnly sourceProblem;

    private boolean splitDwarf;
    private boolean compile;
    private boolean assemble;
    private boolean preprocess;

    /** The {@code -x} in force: null for none (or {@code -x none}); its language is null if unsupported. */
    private String languageName;

    private Language optionLanguage;

    private int sources;
    private int sourceIndex = -1;
    private Language sourceLanguage;
    private boolean sourceLanguageFromOption;
    private boolean stdinSource;

    private int outputs;
    private String output;
    private int objectWords;
    private String objectWord;

    private final DependencyScan dependencies = new DependencyScan();

    private CommandParser(List<String> argv) {
        this.argv = List.copyOf(argv);
        this.words = this.argv.toArray(String[]::new);
        this.roles = new Role[words.length];
    }

    static CompilerCommand parse(List<String> argv) {
        return new CommandParser(argv).run();
    }

    private CompilerCommand run() {
        if (words.length == 0 || words[0].isEmpty() || words[0].charAt(0) == '-') {
            Arrays.fill(roles, Role.OTHER);
            String detail = words.length == 0 ? "" : words[0];
            return build(new LocalOnly(Reason.NO_COMPILER, detail));
        }
        roles[0] = Role.COMPILER;
        for (int i = 1; i < words.length; i++) {
            i = scan(i);
        }
        return build(verdict(optionProblem));
    }

    /** Classifies the word at {@code i} and any value it takes; returns the last index consumed. */
    private int scan(int i) {
        String word = words[i];
        roles[i] = Role.OTHER;
        if (word.isEmpty()) {
            problem(Reason.EMPTY_ARGUMENT, "");
            return i;
        }
        if (word.charAt(0) == '@') {
            problem(Reason.RESPONSE_FILE, word);
            return i;
        }
        if (word.charAt(0) != '-') {
            input(i, word);
            return i;
        }
        if (word.length() == 1) {
            // "-" reads the source from stdin; there is no file to preprocess here or name remotely.
            roles[i] = Role.SOURCE;
            sources++;
            stdinSource = true;
            return i;
        }
        return option(i, word);
    }

    private int option(int i, String word) {
        return switch (word) {
            case "-c" -> {
                compile = true;
                roles[i] = Role.ACTION;
                yield i;
            }
            case "-S" -> {
                assemble = true;
                roles[i] = Role.ACTION;
                yield i;
            }
            case "-E" -> {
                preprocess = true;
                problem(Reason.PREPROCESS_ONLY, "");
                yield i;
            }
            case "-o" -> {
                if (!hasValue(i)) {
                    yield i;
                }
                roles[i] = Role.OUTPUT_OPTION;
                roles[i + 1] = Role.OUTPUT_VALUE;
                output(words[i + 1]);
                yield i + 1;
            }
            case "-x" -> {
                if (!hasValue(i)) {
                    yield i;
                }
                roles[i] = Role.LANGUAGE_OPTION;
                roles[i + 1] = Role.LANGUAGE_VALUE;
                language(words[i + 1]);
                yield i + 1;
            }
            case "-MD", "-MMD" -> {
                dependencies.driverStyle(word.equals("-MD") ? Style.ALL_HEADERS : Style.USER_HEADERS);
                yield i;
            }
            case "-MP" -> {
                dependencies.phonyTargets();
                yield i;
            }
            case "-MG" -> {
                dependencies.generatedHeaders();
                yield i;
            }
            case "-MF", "-MT", "-MQ" -> {
                if (!hasValue(i)) {
                    yield i;
                }
                dependencies.driverOption(word, words[i + 1]);
                roles[i + 1] = Role.VALUE;
                yield i + 1;
            }
            default -> otherOption(i, word);
        };
    }

    private int otherOption(int i, String word) {
        if (word.startsWith("-o")) {
            roles[i] = Role.OUTPUT_JOINED;
            output(word.substring(2));
            return i;
        }
        if (word.startsWith("-x")) {
            roles[i] = Role.LANGUAGE_JOINED;
            language(word.substring(2));
            return i;
        }
        if (word.startsWith("-MF") || word.startsWith("-MT") || word.startsWith("-MQ")) {
            dependencies.driverOption(word, word.substring(3));
            return i;
        }
        if (word.startsWith("-M")) {
            // -M and -MM imply -E; -MJ and the module options are no better.
            if (word.equals("-M") || word.equals("-MM")) {
                preprocess = true;
            }
            problem(Reason.DEPENDENCIES_ONLY, word);
        } else if (word.startsWith("-Wp,")) {
            LocalOnly local = dependencies.preprocessorOptions(word);
            if (local != null) {
                problem(local);
            }
            for (String part : SourceCommand.nonDependencyParts(word)) {
                sourceProblem(SourceModeOptions.checkPreprocessorPart(word, part));
            }
        } else {
            if (word.equals("-gsplit-dwarf")) {
                splitDwarf = true;
            }
            LocalOnly local = LocalOnlyOptions.check(word);
            if (local != null) {
                if (optionProblem == null) {
                    optionProblem = local;
                }
                if (!SourceModeOptions.returnsSideFile(word)) {
                    sourceProblem(local);
                }
            } else {
                sourceProblem(SourceModeOptions.check(word));
            }
        }
        sourceProblem(SourceModeOptions.checkPathValue(word, SourceCommand.pathValue(words, i)));
        if (OptionsWithValue.takesNextWord(word) && hasValue(i)) {
            roles[i + 1] = Role.VALUE;
            return i + 1;
        }
        return i;
    }

    private boolean hasValue(int i) {
        if (i + 1 < words.length) {
            return true;
        }
        problem(Reason.MISSING_ARGUMENT, words[i]);
        return false;
    }

    private void input(int i, String word) {
        roles[i] = Role.SOURCE;
        if (languageName != null) {
            // After -x every input is a source of that language, whatever its name.
            source(i, optionLanguage, true);
            return;
        }
        String extension = FileNames.extension(word);
        Language language = extension == null ? null : Language.ofExtension(extension);
        if (language != null) {
            source(i, language, false);
        } else if ("o".equals(extension)) {
            roles[i] = Role.OTHER;
            objectWords++;
            if (objectWord == null) {
                objectWord = word;
            }
        } else if (extension != null && OtherSources.isCompilable(extension)) {
            source(i, null, false);
        } else {
            // A library or other linker input: gcc ignores it when not linking.
            roles[i] = Role.OTHER;
        }
    }

    private void source(int i, Language language, boolean fromOption) {
        sources++;
        if (sourceIndex < 0) {
            sourceIndex = i;
            sourceLanguage = language;
            sourceLanguageFromOption = fromOption;
        }
    }

    private void output(String value) {
        outputs++;
        if (output == null) {
            output = value;
        }
        if (value.isEmpty()) {
            problem(Reason.EMPTY_ARGUMENT, "-o");
        }
    }

    private void language(String name) {
        if (name.isEmpty()) {
            problem(Reason.EMPTY_ARGUMENT, "-x");
            return;
        }
        if (name.equals("none")) {
            languageName = null;
            optionLanguage = null;
            return;
        }
        languageName = name;
        optionLanguage = Language.ofGccName(name);
        if (optionLanguage == null) {
            problem(Reason.UNSUPPORTED_LANGUAGE, name);
        }
    }

    private void problem(Reason reason, String detail) {
        problem(new LocalOnly(reason, detail));
    }

    private void problem(LocalOnly local) {
        if (optionProblem == null) {
            optionProblem = local;
        }
        sourceProblem(local);
    }

    private void sourceProblem(LocalOnly local) {
        if (local != null && sourceProblem == null) {
            sourceProblem = local;
        }
    }

    private Mode mode() {
        if (preprocess) {
            return Mode.PREPROCESS;
        }
        if (assemble) {
            return Mode.COMPILE_TO_ASSEMBLY;
        }
        return compile ? Mode.COMPILE : Mode.LINK;
    }

    private String source() {
        return sources == 1 && !stdinSource ? words[sourceIndex] : null;
    }

    /** The verdict when the volunteer compiles our original files (source mode). */
    private Verdict verdictWithSources() {
        Verdict verdict = verdict(sourceProblem);
        if (verdict instanceof LocalOnly) {
            return verdict;
        }
        // gcc writes the .dwo name into the object from -o as given: a rewritten absolute -o would show.
        if (splitDwarf && output != null && output.startsWith("/")) {
            return new LocalOnly(Reason.SPLIT_DWARF_ABSOLUTE_OUTPUT, output);
        }
        return verdict;
    }

    private Verdict verdict(LocalOnly optionProblem) {
        if (optionProblem != null) {
            return optionProblem;
        }
        if (mode() == Mode.LINK) {
            return new LocalOnly(Reason.LINKING, "");
        }
        if (stdinSource) {
            return new LocalOnly(Reason.STDIN_SOURCE, "");
        }
        if (sources == 0) {
            return new LocalOnly(Reason.NO_SOURCE, "");
        }
        if (sources > 1) {
            return new LocalOnly(Reason.MULTIPLE_SOURCES, "");
        }
        String source = words[sourceIndex];
        String extension = FileNames.extension(source);
        // The server finds the source by its extension (dcc_is_source), whatever -x says.
        if (sourceLanguage == null || extension == null || Language.ofExtension(extension) == null) {
            return new LocalOnly(Reason.UNSUPPORTED_SOURCE, extension == null ? source : "." + extension);
        }
        // distcc's dcc_output_from_source refuses such names; gcc's default output would be ".o".
        if (FileNames.basename(source).length() < 3) {
            return new LocalOnly(Reason.UNSUPPORTED_SOURCE, source);
        }
        if (outputs + objectWords > 1) {
            return new LocalOnly(Reason.TWO_OUTPUTS, "");
        }
        if (objectWords == 1) {
            return new LocalOnly(Reason.OBJECT_FILE_ARGUMENT, objectWord);
        }
        if ("-".equals(output)) {
            return new LocalOnly(Reason.OUTPUT_TO_STDOUT, "");
        }
        // Here they go to the user's stdout; with the text preprocessed here they would go into it.
        if ("-".equals(dependencies.options(source, output).file().orElse(null))) {
            return new LocalOnly(Reason.DEPENDENCIES_TO_STDOUT, "");
        }
        String base = FileNames.basename(source);
        if (base.startsWith("conftest.") || base.startsWith("tmp.conftest.")) {
            return new LocalOnly(Reason.CONFTEST, "");
        }
        return Verdict.DISTRIBUTABLE;
    }

    private CompilerCommand build(Verdict verdict) {
        Mode mode = mode();
        String source = source();
        String effectiveOutput = output;
        if (effectiveOutput == null && source != null) {
            if (mode == Mode.COMPILE_TO_ASSEMBLY) {
                effectiveOutput = FileNames.defaultOutput(source, ".s");
            } else if (mode == Mode.COMPILE) {
                effectiveOutput = FileNames.defaultOutput(source, ".o");
            }
        }
        Language language = source == null ? null : sourceLanguage;
        return new CompilerCommand(
                argv,
                roles,
                mode,
                source,
                language,
                source != null && sourceLanguageFromOption,
                effectiveOutput,
                output != null,
                dependencies.options(source, output),
                verdict,
                roles.length > 0 && roles[0] == Role.COMPILER ? verdictWithSources() : verdict,
                dependencies.fileForPreprocessor(source, output),
                dependencies.targetForPreprocessor(output));
    }
}
