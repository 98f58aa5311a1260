package org.jdistcc.client.includes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdistcc.common.args.Language;
import org.jdistcc.common.args.PreprocessorOptions;

/**
 * The directories cpp searches, merged as gcc merges them ({@code gcc/incpath.cc}, {@code
 * merge_include_chains}): the quote chain ({@code -iquote}), the bracket chain ({@code -I}, then
 * {@code CPATH}), the system chain ({@code -isystem}, then {@code C_INCLUDE_PATH} or its language's
 * variant, then the compiler's built-in directories) and the after chain ({@code -idirafter}), with
 * missing directories dropped, a directory kept only at its first place in a chain, a bracket or
 * quote directory that is also a system one dropped, and a chain's last directory dropped when the
 * next chain starts with it. {@code #include "..."} searches from the start of {@link #chain},
 * {@code #include <...>} from {@link #bracketStart}, {@code #include_next} from after the directory
 * where the current file was found.
 */
record SearchPath(List<Directory> chain, int bracketStart, List<Directory> builtIn) {
    /**
     * A directory of the search path: its name as cpp has it (relative to the working directory, or
     * absolute), its real path, what must exist for its name to lead there, and whether it is one of
     * the compiler's built-in directories.
     */
    record Directory(
            String name, DirectoryCache.Dir dir, FileStat stat, PathWalker.Resolved resolved, boolean builtIn) {
        String real() {
            return dir.path;
        }

        boolean sameAs(Directory other) {
            return stat.device() == other.stat.device() && stat.inode() == other.stat.inode();
        }
    }

    private record Candidate(String name, boolean builtIn) {}

    static SearchPath build(
            PreprocessorOptions options,
            Map<String, String> environment,
            Language language,
            CompilerDefaults defaults,
            PathWalker walker,
            DirectoryCache.Dir workingDirectory)
            throws Unsure {
        List<Candidate> quote = candidates(options.quoteDirectories(), defaults.quoteDirectories(), false);
        List<Candidate> bracket = candidates(options.bracketDirectories(), pathVariable(environment, "CPATH"), false);
        List<Candidate> system =
                candidates(options.systemDirectories(), pathVariable(environment, variable(language)), false);
        for (String directory : defaults.includeDirectories()) {
            system.add(new Candidate(directory, true));
        }
        for (String directory : options.afterDirectories()) {
            system.add(new Candidate(directory, false));
        }
        List<Directory> systemChain = removeDuplicates(existing(system, walker, workingDirectory), List.of(), null);
        Directory systemHead = systemChain.isEmpty() ? null : systemChain.getFirst();
        List<Directory> bracketChain =
                removeDuplicates(existing(bracket, walker, workingDirectory), systemChain, systemHead);
        Directory bracketHead = bracketChain.isEmpty() ? systemHead : bracketChain.getFirst();
        List<Directory> quoteChain =
                removeDuplicates(existing(quote, walker, workingDirectory), systemChain, bracketHead);
        List<Directory> chain = new ArrayList<>(quoteChain);
        chain.addAll(bracketChain);
        chain.addAll(systemChain);
        List<Directory> builtIn = new ArrayList<>();
        for (Directory directory : systemChain) {
            if (directory.builtIn()) {
                builtIn.add(directory);
            }
        }
        return new SearchPath(List.copyOf(chain), quoteChain.size(), List.copyOf(builtIn));
    }

    private static String variable(Language language) {
        return switch (language.preprocessed()) {
            case PREPROCESSED_CXX -> "CPLUS_INCLUDE_PATH";
            case PREPROCESSED_OBJECTIVE_C -> "OBJC_INCLUDE_PATH";
            case PREPROCESSED_OBJECTIVE_CXX -> "OBJCPLUS_INCLUDE_PATH";
            default -> "C_INCLUDE_PATH";
        };
    }

    private static List<Candidate> candidates(List<String> first, List<String> then, boolean builtIn) {
        List<Candidate> out = new ArrayList<>(first.size() + then.size());
        first.forEach(d -> out.add(new Candidate(d, builtIn)));
        then.forEach(d -> out.add(new Candidate(d, builtIn)));
        return out;
    }

    /** gcc's {@code add_env_var_paths}: colon-separated, an empty element is the working directory. */
    static List<String> pathVariable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        List<String> directories = new ArrayList<>();
        for (String element : value.split(":", -1)) {
            directories.add(element.isEmpty() ? "." : element);
        }
        return directories;
    }

    /** Each candidate as a directory, or null where there is none (cpp drops those quietly). */
    private static List<Directory> existing(
            List<Candidate> candidates, PathWalker walker, DirectoryCache.Dir workingDirectory) throws Unsure {
        List<Directory> out = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            PathWalker.Resolved resolved = walker.resolve(workingDirectory, candidate.name(), true);
            DirectoryCache.Dir dir = resolved == null ? null : walker.directory(resolved.real());
            FileStat stat = dir == null ? null : walker.directoryStat(dir);
            out.add(stat == null ? null : new Directory(candidate.name(), dir, stat, resolved, candidate.builtIn()));
        }
        return out;
    }

    /**
     * gcc's {@code remove_duplicates}: "last in the chain" is the last entry as given, even when it
     * is one that does not exist.
     */
    private static List<Directory> removeDuplicates(List<Directory> head, List<Directory> system, Directory join) {
        List<Directory> kept = new ArrayList<>(head.size());
        for (int i = 0; i < head.size(); i++) {
            Directory current = head.get(i);
            if (current == null) {
                continue;
            }
            boolean duplicate = system.stream().anyMatch(current::sameAs)
                    || kept.stream().anyMatch(current::sameAs)
                    || (i == head.size() - 1 && join != null && current.sameAs(join));
            if (!duplicate) {
                kept.add(current);
            }
        }
        return kept;
    }
}
