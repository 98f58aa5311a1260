package org.jdistcc.daemon.compilers;

import java.util.List;

/**
 * A checked compiler command, rewritten for a job directory: the source word names {@link
 * #inputName()} and {@code -o} names {@link #outputName()}, both relative to the job directory
 * (the compiler's working directory). Relative names keep the temporary directory out of what
 * the compiler records, e.g. {@code DW_AT_dwo_name} under {@code -gsplit-dwarf}.
 *
 * @param compiler the bare compiler name the client asked for, e.g. {@code x86_64-linux-gnu-gcc}
 * @param args the arguments after the compiler name
 * @param source the source as the client named it, for logs
 */
public record CompileCommand(String compiler, List<String> args, String source, String inputName, String outputName) {
    public CompileCommand {
        args = List.copyOf(args);
    }
}
