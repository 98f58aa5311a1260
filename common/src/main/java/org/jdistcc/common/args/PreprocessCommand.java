package org.jdistcc.common.args;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the local preprocessor run: distcc's {@code dcc_strip_dasho} and {@code
 * dcc_set_action_opt}, writing to the given {@code -o} (a file, or {@code -} for a pipe), plus what
 * keeps the {@code .d} file as the real compile would write it (never on stdout: {@code -MF -} keeps a
 * compile here, {@link Reason#DEPENDENCIES_TO_STDOUT}).
 */
final class PreprocessCommand {
    private PreprocessCommand() {}

    /**
     * @param dependencyFile the {@code -MF} to add, or null
     * @param dependencyTarget the {@code -MQ} to add, or null
     */
    static List<String> build(
            List<String> arguments, Role[] roles, String outputFile, String dependencyFile, String dependencyTarget) {
        List<String> command = new ArrayList<>(arguments.size() + 6);
        for (int i = 0; i < roles.length; i++) {
            switch (roles[i]) {
                case OUTPUT_OPTION, OUTPUT_VALUE, OUTPUT_JOINED -> {}
                case ACTION -> command.add("-E");
                default -> command.add(arguments.get(i));
            }
        }
        if (dependencyFile != null) {
            command.add("-MF");
            command.add(dependencyFile);
        }
        if (dependencyTarget != null) {
            // gcc's own spec passes the output as -MQ, so make-special characters are escaped alike.
            command.add("-MQ");
            command.add(dependencyTarget);
        }
        command.add("-o");
        command.add(outputFile);
        return List.copyOf(command);
    }
}
