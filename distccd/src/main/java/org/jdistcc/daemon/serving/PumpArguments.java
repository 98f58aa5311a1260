package org.jdistcc.daemon.serving;

import java.util.ArrayList;
import java.util.List;

/**
 * A pump-mode command as distcc 3.4's server rewrites it before running it in {@code <root><client
 * cwd>} (src/serve.c: {@code dcc_set_output}, then {@code tweak_arguments_for_server}):
 *
 * <ol>
 *   <li>the output becomes the server's object file;
 *   <li>the first {@code -MT target} is taken out and kept for the {@code .d} file: gcc would add it
 *       to its own target rather than replace it;
 *   <li>{@code -MMD} is added unless {@code -MD} or {@code -MMD} is there, then {@code -MF} with the
 *       server's {@code .d} file, so there is always one to send back;
 *   <li>the root is put before every absolute directory or file of an include option ({@code -I},
 *       {@code -include}, {@code -imacros}, {@code -idirafter}, {@code -iprefix}, {@code
 *       -iwithprefix}, {@code -iwithprefixbefore}, {@code -isystem}, {@code -iquote}, joined or
 *       separate; matched by prefix in that order, so {@code -iwithprefixbefore/x} counts as {@code
 *       -iwithprefix} and is left, as in 3.4);
 *   <li>and before an absolute source file.
 * </ol>
 *
 * @param args the arguments after the compiler name
 * @param dependencyTarget the target of the {@code .d} file: the client's {@code -MT}, else its output
 */
record PumpArguments(List<String> args, String dependencyTarget) {
    private static final List<String> INCLUDE_OPTIONS = List.of(
            "-I",
            "-include",
            "-imacros",
            "-idirafter",
            "-iprefix",
            "-iwithprefix",
            "-iwithprefixbefore",
            "-isystem",
            "-iquote");

    PumpArguments {
        args = List.copyOf(args);
    }

    /**
     * @param args the checked arguments after the compiler name, without any client {@code -MF}
     * @param sourceIndex where in {@code args} the source file is
     * @param root the job's root, standing for the client's {@code /}
     * @param object the object file the compiler writes, absolute
     * @param dependencies the {@code .d} file the compiler writes, absolute
     */
    static PumpArguments rewrite(List<String> args, int sourceIndex, String root, String object, String dependencies) {
        List<String> out = new ArrayList<>(args);
        String source = out.get(sourceIndex);
        if (source.startsWith("/")) {
            // 3.4 strips the leading slashes, then joins with one.
            out.set(sourceIndex, root + "/" + source.replaceFirst("^/+", ""));
        }
        String clientOutput = setOutput(out, object);
        String target = clientOutput;
        int mt = out.indexOf("-MT");
        if (mt >= 0 && mt + 1 < out.size()) {
            target = out.get(mt + 1);
            out.remove(mt + 1);
            out.remove(mt);
        }
        if (!out.contains("-MD") && !out.contains("-MMD")) {
            out.add("-MMD");
        }
        out.add("-MF");
        out.add(dependencies);
        rootIncludeArguments(out, root);
        return new PumpArguments(out, target);
    }

    /** {@code dcc_set_output}: the first {@code -o x} or {@code -ox}; the check made sure there is one. */
    private static String setOutput(List<String> args, String object) {
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (word.equals("-o") && i + 1 < args.size()) {
                return args.set(i + 1, object);
            }
            if (word.startsWith("-o") && !word.equals("-o")) {
                args.set(i, "-o" + object);
                return word.substring(2);
            }
        }
        throw new IllegalArgumentException("no -o in a checked pump command: " + args);
    }

    /** {@code tweak_include_arguments_for_server}. */
    private static void rootIncludeArguments(List<String> args, String root) {
        for (int i = 0; i < args.size(); i++) {
            for (String option : INCLUDE_OPTIONS) {
                String word = args.get(i);
                if (!word.startsWith(option)) {
                    continue;
                }
                if (word.equals(option)) {
                    i++;
                    if (i < args.size() && args.get(i).startsWith("/")) {
                        args.set(i, root + args.get(i));
                    }
                } else if (word.charAt(option.length()) == '/') {
                    args.set(i, option + root + word.substring(option.length()));
                }
                break;
            }
        }
    }
}
