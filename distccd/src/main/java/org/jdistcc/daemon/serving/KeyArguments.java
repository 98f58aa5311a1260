package org.jdistcc.daemon.serving;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments that reach a compile's output, for the result cache's key: all of them but {@code -o
 * NAME}, whose name reaches nothing unless an option names further outputs after it ({@code
 * -gsplit-dwarf} writes {@code NAME}'s stem into the object as {@code DW_AT_dwo_name}; {@code
 * -fstack-usage}, {@code -fcallgraph-info}, optimisation records and dumps are named after it). A
 * rebuild that only moves objects ({@code -o .libs/x.o}, {@code -o x.lo}) then hits.
 */
final class KeyArguments {
    private static final List<String> NAMING_AFTER_OUTPUT = List.of(
            "-gsplit-dwarf",
            "-fstack-usage",
            "-fcallgraph-info",
            "-fsave-optimization-record",
            "-fopt-info",
            "-fdump-",
            "-dump",
            "-save-temps",
            "--save-temps",
            "-aux-info");

    private KeyArguments() {}

    static List<String> of(List<String> args) {
        for (String arg : args) {
            for (String prefix : NAMING_AFTER_OUTPUT) {
                if (arg.startsWith(prefix)) {
                    return args;
                }
            }
        }
        List<String> kept = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-o") && i + 1 < args.size()) {
                i++;
            } else if (!arg.startsWith("-o")) {
                kept.add(arg);
            }
        }
        return kept;
    }
}
