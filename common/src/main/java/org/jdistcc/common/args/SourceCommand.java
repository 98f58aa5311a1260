package org.jdistcc.common.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the command jdistcc's source mode runs on a volunteer's copy of the client's files ({@link
 * CompilerCommand#rootedCommand}); the client sends the command as given. Checked against gcc 12: with the paths rooted this way, the
 * object, its {@code .dwo} and the diagnostics (once the root is cut out of them) are byte-identical
 * to a local compile's, {@code -g3} included; docs/fidelity.md has the measurements.
 */
final class SourceCommand {
    /** Options whose value is a path, longest first so that a joined value is cut at the right place. */
    private static final List<String> PATH_OPTIONS =
            List.of("-imacros", "-include", "-idirafter", "-isystem", "-iquote", "-I");

    private static final List<String> INCLUDE_DIRECTORY_OPTIONS = List.of("-idirafter", "-isystem", "-iquote", "-I");

    private static final List<String> PREFIX_MAPS =
            List.of("-ffile-prefix-map=", "-fdebug-prefix-map=", "-fmacro-prefix-map=", "-fprofile-prefix-map=");

    private static final Set<String> SEARCH_OPTIONS =
            Set.of("-nostdinc", "-nostdinc++", "-ffreestanding", "-fhosted", "-fno-hosted");

    private SourceCommand() {}

    static List<String> withoutDependencyOptions(List<String> arguments, Role[] roles) {
        return build(arguments, roles, null, List.of(), null);
    }

    static List<String> rooted(
            List<String> arguments, Role[] roles, String root, List<String> systemDirectories, String preinclude) {
        return build(arguments, roles, root, systemDirectories, preinclude);
    }

    private static List<String> build(
            List<String> arguments, Role[] roles, String root, List<String> systemDirectories, String preinclude) {
        List<String> command = new ArrayList<>(arguments.size() + 2 * systemDirectories.size() + 6);
        command.add(arguments.getFirst());
        if (root != null) {
            command.add("-ffile-prefix-map=" + root + "/=/");
            if (preinclude != null) {
                command.add("-include");
                command.add(preinclude);
            }
        }
        for (int i = 1; i < roles.length; i++) {
            String word = arguments.get(i);
            switch (roles[i]) {
                case SOURCE, OUTPUT_VALUE -> command.add(rooted(root, word));
                case OUTPUT_JOINED -> command.add("-o" + rooted(root, word.substring(2)));
                case OTHER -> i = other(arguments, roles, i, root, command);
                default -> command.add(word);
            }
        }
        if (root != null) {
            command.add("-nostdinc");
            for (String directory : systemDirectories) {
                command.add("-isystem");
                command.add(root + directory);
            }
        }
        return List.copyOf(command);
    }

    /**
     * Adds word {@code i} (and its value) as the volunteer needs it; returns the last index used.
     * Dependency options stay, their files rooted: the volunteer writes the {@code .d} file and sends it
     * back.
     */
    private static int other(List<String> arguments, Role[] roles, int i, String root, List<String> command) {
        String word = arguments.get(i);
        boolean hasValue = i + 1 < roles.length && roles[i + 1] == Role.VALUE;
        // Rooted, dependency options stay (the volunteer writes the .d file); unrooted, they go.
        boolean keep = root != null;
        switch (word) {
            case "-MD", "-MMD", "-MP", "-MG" -> {
                if (keep) {
                    command.add(word);
                }
                return i;
            }
            case "-MF", "-MT", "-MQ" -> {
                if (keep) {
                    command.add(word);
                    if (hasValue) {
                        String value = arguments.get(i + 1);
                        command.add(word.equals("-MF") ? rooted(root, value) : value);
                    }
                }
                return hasValue ? i + 1 : i;
            }
            default -> {}
        }
        if (word.startsWith("-MF") || word.startsWith("-MT") || word.startsWith("-MQ")) {
            if (keep) {
                command.add(word.startsWith("-MF") ? "-MF" + rooted(root, word.substring(3)) : word);
            }
            return i;
        }
        if (word.startsWith("-Wp,")) {
            List<String> parts = keep ? rootedPreprocessorParts(word, root) : nonDependencyParts(word);
            if (!parts.isEmpty()) {
                command.add("-Wp," + String.join(",", parts));
            }
            return i;
        }
        if (PATH_OPTIONS.contains(word) && hasValue) {
            command.add(word);
            command.add(rooted(root, arguments.get(i + 1)));
            return i + 1;
        }
        for (String option : PATH_OPTIONS) {
            if (word.startsWith(option) && word.length() > option.length()) {
                command.add(option + rooted(root, word.substring(option.length())));
                return i;
            }
        }
        for (String map : PREFIX_MAPS) {
            int equals = word.indexOf('=', map.length());
            if (word.startsWith(map) && equals >= 0) {
                command.add(map + rooted(root, word.substring(map.length(), equals)) + word.substring(equals));
                return i;
            }
        }
        command.add(word);
        return i;
    }

    private static String rooted(String root, String path) {
        return root != null && path.startsWith("/") ? root + path : path;
    }

    /** The parts of a {@code -Wp,} word, the files of its dependency options rooted. */
    private static List<String> rootedPreprocessorParts(String word, String root) {
        String[] parts = word.substring("-Wp,".length()).split(",", -1);
        List<String> kept = new ArrayList<>(parts.length);
        for (int j = 0; j < parts.length; j++) {
            String part = parts[j];
            kept.add(part.startsWith("-MF") && part.length() > 3 ? "-MF" + rooted(root, part.substring(3)) : part);
            if ((part.equals("-MD") || part.equals("-MMD") || part.equals("-MF")) && j + 1 < parts.length) {
                kept.add(rooted(root, parts[++j]));
            } else if ((part.equals("-MT") || part.equals("-MQ")) && j + 1 < parts.length) {
                kept.add(parts[++j]);
            }
        }
        return kept;
    }

    /** The parts of a {@code -Wp,} word other than dependency-file options, in order. */
    static List<String> nonDependencyParts(String word) {
        String[] parts = word.substring("-Wp,".length()).split(",", -1);
        List<String> kept = new ArrayList<>(parts.length);
        for (int j = 0; j < parts.length; j++) {
            String part = parts[j];
            switch (part) {
                case "-MD", "-MMD", "-MF", "-MT", "-MQ" -> j++;
                case "-MP", "-MG" -> {}
                default -> {
                    if (!part.startsWith("-MF") && !part.startsWith("-MT") && !part.startsWith("-MQ")) {
                        kept.add(part);
                    }
                }
            }
        }
        return kept;
    }

    static List<String> includeSearchOptions(List<String> arguments, Role[] roles, Language language) {
        List<String> options = new ArrayList<>();
        if (language != null) {
            options.add("-x");
            options.add(language.gccName());
        }
        for (int i = 1; i < roles.length; i++) {
            String word = arguments.get(i);
            if (roles[i] == Role.OTHER && (word.startsWith("-m") || SEARCH_OPTIONS.contains(word))) {
                options.add(word);
            }
        }
        return List.copyOf(options);
    }

    /** The value of a path option in word {@code i} (joined or the next word), or null. */
    static String pathValue(String[] words, int i) {
        String word = words[i];
        if (PATH_OPTIONS.contains(word)) {
            return i + 1 < words.length ? words[i + 1] : null;
        }
        for (String option : PATH_OPTIONS) {
            if (word.startsWith(option) && word.length() > option.length()) {
                return word.substring(option.length());
            }
        }
        return null;
    }

    static List<String> includeDirectories(List<String> arguments, Role[] roles) {
        List<String> directories = new ArrayList<>();
        for (int i = 1; i < roles.length; i++) {
            if (roles[i] != Role.OTHER) {
                continue;
            }
            String word = arguments.get(i);
            if (INCLUDE_DIRECTORY_OPTIONS.contains(word)) {
                if (i + 1 < roles.length && roles[i + 1] == Role.VALUE) {
                    directories.add(arguments.get(++i));
                }
                continue;
            }
            for (String option : INCLUDE_DIRECTORY_OPTIONS) {
                if (word.startsWith(option) && word.length() > option.length() && !word.equals("-I-")) {
                    directories.add(word.substring(option.length()));
                    break;
                }
            }
        }
        return List.copyOf(directories);
    }

    static boolean emitsDebugInfo(List<String> arguments, Role[] roles) {
        boolean on = false;
        for (int i = 1; i < roles.length; i++) {
            String word = arguments.get(i);
            if (roles[i] != Role.OTHER || !word.startsWith("-g")) {
                continue;
            }
            if (word.equals("-gtoggle")) {
                on = !on;
            } else if (isDebugLevel(word)) {
                on = !word.endsWith("0");
            }
        }
        return on;
    }

    /** {@code -g}, {@code -g1}, {@code -ggdb3}, {@code -gdwarf-4}, ...; not the modifiers. */
    private static boolean isDebugLevel(String word) {
        if (word.equals("-gdwarf32") || word.equals("-gdwarf64")) {
            return false;
        }
        return word.equals("-g")
                || (word.length() == 3 && Character.isDigit(word.charAt(2)))
                || word.startsWith("-ggdb")
                || word.startsWith("-gdwarf")
                || word.startsWith("-gstabs")
                || word.startsWith("-gxcoff")
                || word.startsWith("-gvms")
                || word.startsWith("-gctf")
                || word.equals("-gbtf")
                || word.equals("-gcodeview");
    }
}
