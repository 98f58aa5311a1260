package org.jdistcc.daemon.compilers;

import static org.jdistcc.daemon.compilers.OptionClass.CODE_GENERATION;
import static org.jdistcc.daemon.compilers.OptionClass.DEBUG_INFO;
import static org.jdistcc.daemon.compilers.OptionClass.DEPENDENCY_NAME;
import static org.jdistcc.daemon.compilers.OptionClass.DIAGNOSTICS;
import static org.jdistcc.daemon.compilers.OptionClass.LINK_IGNORED;
import static org.jdistcc.daemon.compilers.OptionClass.LINK_ONLY;
import static org.jdistcc.daemon.compilers.OptionClass.LOCAL_ONLY;
import static org.jdistcc.daemon.compilers.OptionClass.MACRO;
import static org.jdistcc.daemon.compilers.OptionClass.NAMES_PATH;
import static org.jdistcc.daemon.compilers.OptionClass.PASSES_THROUGH;
import static org.jdistcc.daemon.compilers.OptionClass.PREPROCESSES;
import static org.jdistcc.daemon.compilers.OptionClass.READS_FILE;
import static org.jdistcc.daemon.compilers.OptionClass.RESPONSE_FILE;
import static org.jdistcc.daemon.compilers.OptionClass.RUNS_PROGRAM;
import static org.jdistcc.daemon.compilers.OptionClass.SEARCH_PATH;
import static org.jdistcc.daemon.compilers.OptionClass.UNKNOWN;
import static org.jdistcc.daemon.compilers.OptionClass.WRITES_FILE;
import static org.jdistcc.daemon.compilers.OptionRule.exact;
import static org.jdistcc.daemon.compilers.OptionRule.next;
import static org.jdistcc.daemon.compilers.OptionRule.prefix;
import static org.jdistcc.daemon.compilers.OptionRule.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdistcc.common.ExitCode;

/**
 * The allow-list of compiler options. Every word a client sends must match a rule whose class is
 * allowed; the first matching rule decides, so refusals come before the broad prefixes they carve
 * out of ({@code -fplugin} before {@code -f}). Anything no rule matches is refused. The table is
 * published, with the reason for each class, in docs/security.md.
 *
 * <p>{@code -o}, {@code -x}, {@code -c}, {@code -S}, {@code -Wa,} and the source word are handled
 * in code because they are rewritten or have their values checked.
 */
public final class OptionPolicy {
    static final List<OptionRule> RULES = List.of(
            // Run or load other programs.
            exact("-wrapper", RUNS_PROGRAM),
            prefix("-fplugin", RUNS_PROGRAM),
            prefix("-fpass-plugin", RUNS_PROGRAM),
            prefix("-specs", RUNS_PROGRAM),
            prefix("--specs", RUNS_PROGRAM),
            prefix("-B", RUNS_PROGRAM),
            prefix("-fuse-ld", RUNS_PROGRAM),
            exact("-no-integrated-cpp", RUNS_PROGRAM),
            exact("--no-integrated-cpp", RUNS_PROGRAM),
            prefix("-fcompare-debug", RUNS_PROGRAM),
            prefix("-fmodule-mapper", RUNS_PROGRAM),
            // Hand words to other programs unchecked.
            prefix("-Wp,", PASSES_THROUGH),
            prefix("-Wl,", PASSES_THROUGH),
            prefix("-X", PASSES_THROUGH),
            exact("-mllvm", PASSES_THROUGH),
            prefix("@", RESPONSE_FILE),
            // Read files at client-chosen paths.
            value("-include", READS_FILE),
            value("-imacros", READS_FILE),
            value("-isysroot", READS_FILE),
            prefix("--sysroot", READS_FILE),
            prefix("-fself-test", READS_FILE),
            prefix("-fmodules", READS_FILE),
            // Write files at client-chosen paths.
            next("-aux-info", WRITES_FILE),
            prefix("-dump", WRITES_FILE),
            prefix("-save-temps", WRITES_FILE),
            prefix("--save-temps", WRITES_FILE),
            prefix("-fdump-", WRITES_FILE),
            prefix("-time=", WRITES_FILE),
            exact("-gen-decls", WRITES_FILE),
            value("-MF", WRITES_FILE),
            // Turn the preprocessor back on for a preprocessed source.
            exact("-fno-preprocessed", PREPROCESSES),
            prefix("-fdirectives-only", PREPROCESSES),
            exact("-traditional-cpp", PREPROCESSES),
            // What distcc 3.4 keeps on the client (src/arg.c), re-checked as its daemon does.
            exact("-E", LOCAL_ONLY),
            exact("-###", LOCAL_ONLY),
            prefix("-print-", LOCAL_ONLY),
            prefix("-d", LOCAL_ONLY),
            exact("-march=native", LOCAL_ONLY),
            exact("-mtune=native", LOCAL_ONLY),
            exact("-mcpu=native", LOCAL_ONLY),
            prefix("-fprofile", LOCAL_ONLY),
            prefix("-fauto-profile", LOCAL_ONLY),
            exact("-ftest-coverage", LOCAL_ONLY),
            exact("--coverage", LOCAL_ONLY),
            exact("-frepo", LOCAL_ONLY),
            exact("-fsyntax-only", LOCAL_ONLY),
            // Dependency output: -MD/-MMD write beside the object; -M/-MM replace the compile.
            exact("-MD", DEPENDENCY_NAME),
            exact("-MMD", DEPENDENCY_NAME),
            exact("-MP", DEPENDENCY_NAME),
            exact("-MG", DEPENDENCY_NAME),
            value("-MT", DEPENDENCY_NAME),
            value("-MQ", DEPENDENCY_NAME),
            prefix("-M", LOCAL_ONLY),
            // Link-only options: a path names the volunteer's disk; flags are ignored by -c.
            prefix("-L", LINK_ONLY),
            prefix("-l", LINK_ONLY),
            prefix("-T", LINK_ONLY),
            exact("-shared", LINK_IGNORED),
            prefix("-static", LINK_IGNORED),
            exact("-rdynamic", LINK_IGNORED),
            exact("-s", LINK_IGNORED),
            exact("-pie", LINK_IGNORED),
            exact("-no-pie", LINK_IGNORED),
            prefix("-nostdlib", LINK_IGNORED),
            exact("-nostartfiles", LINK_IGNORED),
            exact("-nodefaultlibs", LINK_IGNORED),
            // Preprocessor options that have nothing left to do on a preprocessed source.
            value("-D", MACRO),
            value("-U", MACRO),
            exact("-undef", MACRO),
            value("-I", SEARCH_PATH),
            value("-iquote", SEARCH_PATH),
            value("-isystem", SEARCH_PATH),
            value("-idirafter", SEARCH_PATH),
            value("-iprefix", SEARCH_PATH),
            value("-iwithprefixbefore", SEARCH_PATH),
            value("-iwithprefix", SEARCH_PATH),
            exact("-nostdinc", SEARCH_PATH),
            exact("-nostdinc++", SEARCH_PATH),
            exact("-trigraphs", MACRO),
            // Code generation, optimisation, warnings, language, debug information.
            prefix("-O", CODE_GENERATION),
            prefix("-g", DEBUG_INFO),
            prefix("-W", CODE_GENERATION),
            exact("-w", DIAGNOSTICS),
            prefix("-f", CODE_GENERATION),
            prefix("-m", CODE_GENERATION),
            prefix("-std=", CODE_GENERATION),
            exact("-ansi", CODE_GENERATION),
            prefix("-pedantic", DIAGNOSTICS),
            exact("-pipe", CODE_GENERATION),
            exact("-pthread", CODE_GENERATION),
            exact("-p", CODE_GENERATION),
            exact("-pg", CODE_GENERATION),
            prefix("--param=", CODE_GENERATION),
            next("--param", CODE_GENERATION),
            next("-target", CODE_GENERATION),
            prefix("--target=", CODE_GENERATION),
            exact("-v", DIAGNOSTICS),
            exact("-Q", DIAGNOSTICS),
            exact("-H", DIAGNOSTICS),
            exact("-time", DIAGNOSTICS),
            exact("-pass-exit-codes", DIAGNOSTICS));

    /**
     * {@code -f} options whose value may contain a {@code /} because it is only a string to
     * match or substitute, never opened. Any other {@code -f...=value} with a {@code /} is refused:
     * it names a path on the volunteer.
     */
    private static final List<String> PATH_STRING_OPTIONS = List.of(
            "-fdebug-prefix-map=",
            "-ffile-prefix-map=",
            "-fmacro-prefix-map=",
            "-finstrument-functions-exclude-file-list=");

    /** Assembler options that may come through {@code -Wa,}; they write nothing and read nothing. */
    private static final Set<String> ASSEMBLER_WORDS = Set.of(
            "--noexecstack",
            "--64",
            "--32",
            "-mrelax-relocations=yes",
            "-mrelax-relocations=no",
            "-mx86-used-note=yes",
            "-mx86-used-note=no",
            "--gdwarf-4",
            "--gdwarf-5");

    private OptionPolicy() {}

    /**
     * Checks a client's command (without the compiler name) and rewrites it for a job directory.
     *
     * @throws Refusal with {@link ExitCode#ACCESS_DENIED}, naming the first refused word
     */
    public static CompileCommand check(String compiler, List<String> args) throws Refusal {
        var out = new ArrayList<String>(args.size() + 2);
        String source = null;
        int sourceIndex = -1;
        String output = null;
        boolean compileOnly = false;
        boolean assemblyOnly = false;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (word.isEmpty()) {
                throw refuse(word, "an empty word is not an option");
            }
            if (!word.startsWith("-") || word.equals("-")) {
                if (source != null) {
                    throw refuse(word, "only one source file is compiled per job");
                }
                if (!SourceLanguage.isSource(word)) {
                    throw refuse(word, "not a distributable source file name");
                }
                source = word;
                sourceIndex = out.size();
                out.add(word);
                continue;
            }
            switch (word) {
                case "-c" -> {
                    compileOnly = true;
                    out.add(word);
                    continue;
                }
                case "-S" -> {
                    assemblyOnly = true;
                    out.add(word);
                    continue;
                }
                default -> {}
            }
            if (word.startsWith("-o")) {
                if (output != null) {
                    throw refuse(word, "two outputs");
                }
                String value = word.length() > 2 ? word.substring(2) : valueAfter(args, i++, word);
                output = checkedOutput(value);
                out.add("-o");
                out.add(output);
                continue;
            }
            if (word.startsWith("-x")) {
                String value = word.length() > 2 ? word.substring(2) : valueAfter(args, i++, word);
                String language = SourceLanguage.preprocessedLanguage(value);
                if (language == null) {
                    throw refuse(word, "language '" + value + "' is not compiled on a volunteer");
                }
                out.add("-x");
                out.add(language);
                continue;
            }
            if (word.startsWith("-Wa,")) {
                for (String part : word.substring(4).split(",", -1)) {
                    if (!ASSEMBLER_WORDS.contains(part)) {
                        throw refuse(word, PASSES_THROUGH.reason());
                    }
                }
                out.add(word);
                continue;
            }
            OptionRule rule = ruleFor(word);
            OptionClass verdict = rule == null ? UNKNOWN : rule.optionClass();
            if (verdict.allowed() && word.startsWith("-f") && namesPath(word)) {
                verdict = NAMES_PATH;
            }
            if (!verdict.allowed()) {
                throw refuse(word, verdict.reason());
            }
            out.add(word);
            if (rule.consumesNext(word)) {
                out.add(valueAfter(args, i++, word));
            }
        }
        if (source == null) {
            throw new Refusal(ExitCode.ACCESS_DENIED, "no source file in the command");
        }
        if (!compileOnly && !assemblyOnly) {
            throw new Refusal(ExitCode.ACCESS_DENIED, "neither -c nor -S: linking is done on the client");
        }
        String inputName = SourceLanguage.preprocessedName(source);
        if (output == null) {
            // distcc 3.4's daemon appends -o <source base>.o when the client sent none.
            output = SourceLanguage.stem(source) + (assemblyOnly && !compileOnly ? ".s" : ".o");
            out.add("-o");
            out.add(output);
        }
        if (output.equals(inputName)) {
            throw refuse(output, "the output would overwrite the source");
        }
        out.set(sourceIndex, inputName);
        return new CompileCommand(compiler, out, source, inputName, output);
    }

    /** The first rule that decides {@code word}, or null. */
    static OptionRule ruleFor(String word) {
        for (OptionRule rule : RULES) {
            if (rule.matches(word)) {
                return rule;
            }
        }
        return null;
    }

    private static boolean namesPath(String word) {
        int eq = word.indexOf('=');
        if (eq < 0 || word.indexOf('/', eq) < 0) {
            return false;
        }
        for (String allowed : PATH_STRING_OPTIONS) {
            if (word.startsWith(allowed)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The object's name in the job directory: the basename of the client's {@code -o}, so side
     * files ({@code .dwo}, {@code .su}) get the names they would get on the client. The directory
     * part is dropped, never used: distcc 3.4 clients send {@code -o} as the build wrote it,
     * absolute or with {@code ..}, and distcc's daemon replaces it with its own temp file too.
     */
    private static String checkedOutput(String value) throws Refusal {
        String base = SourceLanguage.basename(value);
        if (base.isEmpty() || base.equals(".") || base.equals("..") || base.startsWith("-")) {
            throw refuse("-o " + value, "the output must be a file name");
        }
        return base;
    }

    private static String valueAfter(List<String> args, int i, String option) throws Refusal {
        if (i + 1 >= args.size()) {
            throw refuse(option, "needs a value");
        }
        return args.get(i + 1);
    }

    private static Refusal refuse(String word, String reason) {
        return new Refusal(ExitCode.ACCESS_DENIED, "option '" + word + "' is not allowed: " + reason);
    }
}
