package org.jdistcc.common.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a command line tells the preprocessor about finding files: the directories of {@code
 * -iquote -I -isystem -idirafter} in order, the {@code -include} and {@code -imacros} files, the
 * {@code -D} definitions, and the words that change the compiler's built-in search path and
 * predefined macros (for a probe of the compiler). An include analysis reads this instead of the
 * command line, so that option values ({@code -o -Ifoo}) are told from options the one way the
 * parser tells them ({@link OptionsWithValue}).
 *
 * <p>Options whose effect on the search the analysis does not model ({@code -I-}, {@code -iprefix},
 * {@code -Xpreprocessor}, {@code -Wp,-I...}, a directory starting with {@code =}, response files,
 * ...) are reported by {@link #unsupported()}; distcc's include server gives up on the same ones
 * ({@code include_server/parse_command.py}).
 */
public final class PreprocessorOptions {
    private final List<String> quoteDirectories = new ArrayList<>();
    private final List<String> bracketDirectories = new ArrayList<>();
    private final List<String> systemDirectories = new ArrayList<>();
    private final List<String> afterDirectories = new ArrayList<>();
    private final List<String> includeFiles = new ArrayList<>();
    private final List<String> definitions = new ArrayList<>();
    private final List<String> probeOptions = new ArrayList<>();
    private boolean noStandardIncludes;
    private String unsupported;

    private PreprocessorOptions() {}

    /** Reads the preprocessor's options from {@code command}; never throws. */
    public static PreprocessorOptions of(CompilerCommand command) {
        var options = new PreprocessorOptions();
        command.language().ifPresent(language -> {
            options.probeOptions.add("-x");
            options.probeOptions.add(language.gccName());
        });
        List<String> words = command.arguments();
        for (int i = 1; i < words.size(); i++) {
            i = options.read(words, i);
        }
        return options;
    }

    /** {@code -iquote} directories, as given. */
    public List<String> quoteDirectories() {
        return List.copyOf(quoteDirectories);
    }

    /** {@code -I} directories, as given. */
    public List<String> bracketDirectories() {
        return List.copyOf(bracketDirectories);
    }

    /** {@code -isystem} directories, as given. */
    public List<String> systemDirectories() {
        return List.copyOf(systemDirectories);
    }

    /** {@code -idirafter} directories, as given. */
    public List<String> afterDirectories() {
        return List.copyOf(afterDirectories);
    }

    /** The {@code -imacros} and {@code -include} files, in command-line order. */
    public List<String> includeFiles() {
        return List.copyOf(includeFiles);
    }

    /** Each {@code -D} value ({@code NAME}, {@code NAME=VALUE} or {@code NAME(ARGS)=VALUE}). */
    public List<String> definitions() {
        return List.copyOf(definitions);
    }

    /** Whether {@code -nostdinc} turns off the built-in directories. */
    public boolean noStandardIncludes() {
        return noStandardIncludes;
    }

    /**
     * The words a probe of the compiler's defaults must be run with: {@code -x LANGUAGE} first, then
     * those that change the built-in search path or the predefined macros ({@code -m* -f* -O* -std=
     * -ansi -pthread -nostdinc* --sysroot -isysroot -B -target -stdlib= -imultilib -imultiarch
     * -specs}), in order.
     */
    public List<String> probeOptions() {
        return List.copyOf(probeOptions);
    }

    /** The first option whose effect on the include search is not modelled, or empty. */
    public Optional<String> unsupported() {
        return Optional.ofNullable(unsupported);
    }

    /** Reads the word at {@code i} and any value it takes; returns the last index used. */
    private int read(List<String> words, int i) {
        String word = words.get(i);
        String next = i + 1 < words.size() ? words.get(i + 1) : null;
        if (word.startsWith("@")) {
            return unsupported(word, i);
        }
        if (!word.startsWith("-") || word.equals("-")) {
            return i;
        }
        switch (word) {
            case "-I-" -> {
                return unsupported(word, i);
            }
            case "-I", "--include-directory" -> {
                return directory(bracketDirectories, word, next, i + 1);
            }
            case "-iquote" -> {
                return directory(quoteDirectories, word, next, i + 1);
            }
            case "-isystem" -> {
                return directory(systemDirectories, word, next, i + 1);
            }
            case "-idirafter", "--include-directory-after" -> {
                return directory(afterDirectories, word, next, i + 1);
            }
            case "-include", "-imacros" -> {
                if (next != null) {
                    includeFiles.add(next);
                }
                return i + 1;
            }
            case "-D" -> {
                if (next != null) {
                    definitions.add(next);
                }
                return i + 1;
            }
            case "-nostdinc" -> {
                noStandardIncludes = true;
                probeOptions.add(word);
                return i;
            }
            case "-isysroot", "--sysroot", "-B", "-target", "-imultilib", "-imultiarch", "-specs", "--specs" -> {
                probeOptions.add(word);
                if (next != null) {
                    probeOptions.add(next);
                }
                return i + 1;
            }
            case "-iprefix",
                    "-iwithprefix",
                    "-iwithprefixbefore",
                    "-Xpreprocessor",
                    "-remap",
                    "-traditional",
                    "-traditional-cpp",
                    "-include-pch",
                    "-ivfsoverlay",
                    "-iframework",
                    "-F",
                    "-cxx-isystem",
                    "-isystem-after",
                    "-iwithsysroot",
                    "-fmodules",
                    "-fmodules-ts",
                    "-fmodule-header",
                    "--embed-dir" -> {
                return unsupported(word, i);
            }
            default -> {}
        }
        if (joined(word, "-I", bracketDirectories)
                || joined(word, "-iquote", quoteDirectories)
                || joined(word, "-isystem", systemDirectories)
                || joined(word, "-idirafter", afterDirectories)
                || joined(word, "--include-directory=", bracketDirectories)
                || joined(word, "--include-directory-after=", afterDirectories)) {
            return i;
        }
        if (word.startsWith("-imacros") || word.startsWith("-include")) {
            // "-imacros" and "-include" have the same length.
            includeFiles.add(word.substring("-include".length()));
            return i;
        }
        if (word.startsWith("-D") && word.length() > 2) {
            definitions.add(word.substring(2));
            return i;
        }
        if (word.startsWith("-Wp,")) {
            checkPreprocessorWords(word);
            return i;
        }
        if (word.startsWith("--include")
                || word.startsWith("--imacros")
                || word.startsWith("-iprefix")
                || word.startsWith("-iwithprefix")
                || word.startsWith("-fmodule")
                || word.startsWith("--embed-dir")
                || word.startsWith("-F")) {
            return unsupported(word, i);
        }
        if (isProbeOption(word)) {
            probeOptions.add(word);
        }
        return OptionsWithValue.takesNextWord(word) ? i + 1 : i;
    }

    private int directory(List<String> chain, String option, String value, int valueIndex) {
        if (value != null) {
            add(chain, option, value);
        }
        return valueIndex;
    }

    /** Adds the value of {@code -Ifoo}-like {@code word} to {@code chain}; whether it was one. */
    private boolean joined(String word, String option, List<String> chain) {
        if (!word.startsWith(option) || word.length() == option.length()) {
            return false;
        }
        add(chain, option, word.substring(option.length()));
        return true;
    }

    /** gcc puts the sysroot before a directory starting with {@code =} or {@code $SYSROOT}: not modelled. */
    private void add(List<String> chain, String option, String directory) {
        chain.add(directory);
        if ((directory.startsWith("=") || directory.startsWith("$SYSROOT")) && unsupported == null) {
            unsupported = option + " " + directory;
        }
    }

    /** cc1 takes the parts of {@code -Wp,} as they are: include options there are not modelled. */
    private void checkPreprocessorWords(String word) {
        for (String part : word.substring(4).split(",", -1)) {
            if (part.startsWith("-I")
                    || part.startsWith("-i")
                    || part.startsWith("-D")
                    || part.startsWith("-U")
                    || part.startsWith("-nostdinc")
                    || part.startsWith("-remap")
                    || part.startsWith("-traditional")) {
                unsupported = unsupported == null ? word : unsupported;
                return;
            }
        }
    }

    private static boolean isProbeOption(String word) {
        return word.startsWith("-m")
                || (word.startsWith("-f") && word.indexOf('/') < 0)
                || word.startsWith("-O")
                || word.startsWith("-std=")
                || word.startsWith("--std=")
                || word.startsWith("-stdlib=")
                || word.startsWith("--sysroot=")
                || word.startsWith("-isysroot")
                || word.startsWith("--target=")
                || word.startsWith("-specs=")
                || word.startsWith("--specs=")
                || (word.startsWith("-B") && word.length() > 2)
                || word.equals("-ansi")
                || word.equals("-pthread")
                || word.equals("-nostdinc++")
                || word.equals("-undef");
    }

    private int unsupported(String word, int i) {
        if (unsupported == null) {
            unsupported = word;
        }
        return i;
    }
}
