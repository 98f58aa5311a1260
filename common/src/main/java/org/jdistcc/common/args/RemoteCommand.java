package org.jdistcc.common.args;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds what the server runs on the preprocessed source (protocols 1 and 2): distcc 3.4's {@code
 * dcc_strip_local_args}, applied word by word as distcc does, except to words the parser knows the
 * role of. A value is never read as an option ({@code -Xlinker -lm} stays whole), and an option
 * never swallows the source.
 */
final class RemoteCommand {
    private RemoteCommand() {}

    /**
     * @param language the {@code -x} language the source is compiled as, or null when its extension
     *     decides
     * @param appendedOutput the default output to name with {@code -o}, or null when {@code -o} is given
     */
    static List<String> build(List<String> arguments, Role[] roles, Language language, String appendedOutput) {
        List<String> command = new ArrayList<>(arguments.size() + 4);
        boolean sourceSeen = false;
        for (int i = 0; i < roles.length; i++) {
            String word = arguments.get(i);
            switch (roles[i]) {
                // The source is already preprocessed: a -x naming the source language would run cpp
                // again, and without one the server would go by its temporary file's name.
                case LANGUAGE_OPTION, LANGUAGE_VALUE, LANGUAGE_JOINED -> {}
                case SOURCE -> {
                    if (language != null && !sourceSeen) {
                        command.add("-x");
                        command.add(language.preprocessed().gccName());
                    }
                    sourceSeen = true;
                    command.add(word);
                }
                case OTHER -> {
                    if (strippedWithNextWord(word)) {
                        // The parser knows these take a value, so the next word is it (if any).
                        i++;
                    } else if (!stripped(word)) {
                        command.add(word);
                    }
                }
                default -> command.add(word);
            }
        }
        if (appendedOutput != null) {
            command.add("-o");
            command.add(appendedOutput);
        }
        return List.copyOf(command);
    }

    private static boolean strippedWithNextWord(String word) {
        return switch (word) {
            case "-D",
                    "-I",
                    "-U",
                    "-L",
                    "-l",
                    "-MF",
                    "-MT",
                    "-MQ",
                    "-include",
                    "-imacros",
                    "-iprefix",
                    "-iwithprefix",
                    "-isystem",
                    "-iwithprefixbefore",
                    "-idirafter" -> true;
            default -> false;
        };
    }

    private static boolean stripped(String word) {
        return switch (word) {
            case "-undef", "-nostdinc", "-nostdinc++", "-MD", "-MMD", "-MG", "-MP" -> true;
            // -iquote is kept, as by distcc 3.4 (it is no prefix below).
            default ->
                word.startsWith("-Wp,")
                        || word.startsWith("-Wl,")
                        || word.startsWith("-D")
                        || word.startsWith("-U")
                        || word.startsWith("-I")
                        || word.startsWith("-l")
                        || word.startsWith("-L")
                        || word.startsWith("-MF")
                        || word.startsWith("-MT")
                        || word.startsWith("-MQ")
                        || word.startsWith("-isystem")
                        || word.startsWith("-stdlib");
        };
    }
}
