package org.jdistcc.daemon.compilers;

import java.util.ArrayList;
import java.util.List;
import org.jdistcc.common.ExitCode;

/**
 * A pump-mode (protocol 3) command that passed the daemon's checks. Pump mode preprocesses here, on
 * the client's files the request carries, so the command keeps its source and {@code -x} as the
 * client wrote them (the daemon rewrites it as distcc 3.4's server does, in {@code
 * serving.PumpArguments}). Every word is decided by {@link OptionPolicy}, with two differences for
 * what distcc 3.4's pump client sends:
 *
 * <ul>
 *   <li>{@code -include} and {@code -imacros} are allowed: the include server sends those files with
 *       the others, and the daemon roots an absolute name in the job's tree as it roots {@code -I};
 *   <li>{@code -MF} is dropped with its value: the daemon adds its own {@code -MF} (3.4's server too,
 *       after the client's, and gcc takes the last) and sends that file back as {@code DOTD}.
 * </ul>
 *
 * @param args the arguments after the compiler name, always with an {@code -o}
 * @param sourceIndex where the source file is in {@code args}
 */
public record PumpCommand(String compiler, List<String> args, int sourceIndex) {
    public PumpCommand {
        args = List.copyOf(args);
    }

    /** The output file as the client named it ({@code -o x} or {@code -ox}). */
    public String output() {
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (word.equals("-o") && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (word.startsWith("-o") && !word.equals("-o")) {
                return word.substring(2);
            }
        }
        throw new IllegalStateException("a checked pump command has an output");
    }

    /** The source file as the client named it. */
    public String source() {
        return args.get(sourceIndex);
    }

    /**
     * The command checked as distcc 3.4's server checks a pump-mode job, and rewritten for it.
     *
     * @param compiler the allowed compiler name
     * @param args the client's arguments after the compiler name
     * @throws Refusal as {@link OptionPolicy#check} refuses
     */
    public static PumpCommand check(String compiler, List<String> args) throws Refusal {
        List<String> kept = new ArrayList<>(args.size() + 2);
        List<String> checked = new ArrayList<>(args.size());
        int sourceIndex = -1;
        boolean hasOutput = false;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (word.equals("-MF") || word.equals("-include") || word.equals("-imacros")) {
                if (i + 1 >= args.size() || args.get(i + 1).isEmpty()) {
                    throw new Refusal(ExitCode.ACCESS_DENIED, "option '" + word + "' is not allowed: needs a value");
                }
                if (!word.equals("-MF")) {
                    kept.add(word);
                    kept.add(args.get(i + 1));
                }
                i++;
                continue;
            }
            if (word.startsWith("-MF") || word.startsWith("-include") || word.startsWith("-imacros")) {
                if (!word.startsWith("-MF")) {
                    kept.add(word);
                }
                continue;
            }
            hasOutput |= word.startsWith("-o");
            boolean takesValue = word.equals("-o") || word.equals("-x");
            if (!takesValue && word.startsWith("-")) {
                OptionRule rule = OptionPolicy.ruleFor(word);
                takesValue = rule != null && rule.consumesNext(word);
            } else if (!word.startsWith("-") || word.equals("-")) {
                sourceIndex = kept.size();
            }
            kept.add(word);
            checked.add(word);
            if (takesValue && i + 1 < args.size()) {
                kept.add(args.get(++i));
                checked.add(args.get(i));
            }
        }
        CompileCommand command = OptionPolicy.check(compiler, checked);
        if (!hasOutput) {
            // As distcc 3.4's dcc_scan_args: <source stem>.o (.s for -S).
            kept.add("-o");
            kept.add(command.outputName());
        }
        return new PumpCommand(compiler, kept, sourceIndex);
    }
}
