package org.jdistcc.client.includes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdistcc.client.includes.IncludeDirective.Form;
import org.jdistcc.client.includes.IncludeDirective.Use;

/**
 * One analysis: from the source, the {@code -include} files and the compiler's implicit include,
 * follows every include directive through the {@link SearchPath} as cpp would
 * ({@code libcpp/files.cc}, {@code search_path_head}): {@code "..."} first in the including file's
 * directory, {@code <...>} from the bracket chain, {@code #include_next} after the directory where
 * the including file was found (or, for one found beside its includer, from the start of the quote
 * chain). Computed includes are evaluated once the files they may depend on are known, again each
 * time more files come in, until nothing new does. Not thread-safe; one per analysis.
 */
final class ClosureWalk {
    /** {@link Node#found} of a file found by its own path (the source, an absolute name). */
    private static final int BY_PATH = -2;
    /** {@link Node#found} of a file found beside its includer, or in the working directory for {@code -include}. */
    private static final int BESIDE = -1;

    private static final int MAX_ROUNDS = 16;
    private static final boolean UTF8_FILE_NAMES =
            "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));

    /**
     * A file as cpp enters it: the real directory its path names it in (its quoted includes start
     * there), its real path, and where in the search path it was found ({@link #BY_PATH}, {@link
     * #BESIDE}, or an index of {@link SearchPath#chain}).
     */
    private record Node(DirectoryCache.Dir directory, String real, int found, DirectoryCache.Entry named) {}

    private record Visit(DirectoryCache.Entry named, int found) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Visit v && v.named == named && v.found == found;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(named) * 31 + found;
        }
    }

    private record Found(PathWalker.Resolved resolved, int index) {}

    private record Computed(Node from, IncludeDirective directive) {}

    private final SearchPath path;
    private final PathWalker walker;
    private final ScanCache scans;
    private final long nowNanos;
    private final CompilerDefaults defaults;
    private final Map<String, List<MacroDefinition>> commandLine;
    private final Set<Visit> visited = new HashSet<>();
    private final ArrayDeque<Node> queue = new ArrayDeque<>();
    private final Map<String, FileFacts> read = new LinkedHashMap<>();
    private final Map<String, FileFacts> probed = new LinkedHashMap<>();
    private final Map<String, String> links = new LinkedHashMap<>();
    private final Set<String> directories = new LinkedHashSet<>();
    private final List<Computed> computed = new ArrayList<>();

    ClosureWalk(
            SearchPath path,
            PathWalker walker,
            ScanCache scans,
            long nowNanos,
            CompilerDefaults defaults,
            Map<String, List<MacroDefinition>> commandLine) {
        this.path = path;
        this.walker = walker;
        this.scans = scans;
        this.nowNanos = nowNanos;
        this.defaults = defaults;
        this.commandLine = commandLine;
    }

    /**
     * @param workingDirectory the working directory, resolved
     * @param source the source as named on the command line
     * @param includeFiles the {@code -imacros} and {@code -include} files as named
     */
    Result.Inputs run(PathWalker.Resolved workingDirectory, String source, List<String> includeFiles) throws Unsure {
        commit(workingDirectory);
        directories.add(workingDirectory.real());
        for (SearchPath.Directory directory : path.chain()) {
            commit(directory.resolved());
            directories.add(directory.real());
        }
        DirectoryCache.Dir cwd = walker.directory(workingDirectory.real());
        PathWalker.Resolved main = walker.resolve(cwd, source, false);
        if (main == null) {
            throw new Unsure("cannot find the source " + source);
        }
        commit(main);
        enqueue(new Node(main.namedParent(), main.real(), BY_PATH, main.named()));
        if (defaults.preinclude() != null) {
            preinclude(defaults.preinclude());
        }
        var commandLineIncluder = new Node(cwd, null, BY_PATH, null);
        for (String file : includeFiles) {
            Found found = file.startsWith("/") ? byPath(cwd, file) : find(commandLineIncluder, file, false, false);
            if (found == null) {
                throw new Unsure("cannot find -include " + file);
            }
            commit(found.resolved);
            enqueue(node(found));
        }
        drain();
        evaluateComputedIncludes();
        return ResultBuilder.inputs(read, probed, links, directories, path.builtIn());
    }

    /**
     * gcc includes {@code stdc-predef.h} as if by {@code #include <stdc-predef.h>} before the source
     * ({@code c-opts.cc}, {@code push_command_line_include}); it may be missing.
     */
    private void preinclude(String probed) throws Unsure {
        for (SearchPath.Directory directory : path.builtIn()) {
            String prefix = directory.name().endsWith("/") ? directory.name() : directory.name() + "/";
            if (probed.startsWith(prefix)) {
                String name = probed.substring(prefix.length());
                Found found = search(name, path.bracketStart());
                if (found != null) {
                    commit(found.resolved);
                    enqueue(node(found));
                }
                return;
            }
        }
    }

    private static Node node(Found found) {
        PathWalker.Resolved r = found.resolved;
        return new Node(r.namedParent(), r.real(), found.index, r.named());
    }

    private Found byPath(DirectoryCache.Dir base, String name) throws Unsure {
        PathWalker.Resolved resolved = walker.resolve(base, name, false);
        return resolved == null ? null : new Found(resolved, BY_PATH);
    }

    private void enqueue(Node node) {
        if (visited.add(new Visit(node.named, node.found))) {
            queue.add(node);
        }
    }

    private void drain() throws Unsure {
        Node node;
        while ((node = queue.poll()) != null) {
            FileFacts facts = read.get(node.real);
            if (facts == null) {
                facts = scans.facts(node.real, nowNanos);
                read.put(node.real, facts);
            }
            ScannedFile scan = facts.scan();
            if (scan.problem() != null) {
                throw new Unsure(scan.problem() + " in " + node.real);
            }
            for (IncludeDirective directive : scan.includes()) {
                if (directive.form() == Form.COMPUTED) {
                    computed.add(new Computed(node, directive));
                } else {
                    include(node, directive, directive.form() == Form.ANGLED, directive.operand());
                }
            }
        }
    }

    private void include(Node from, IncludeDirective directive, boolean angled, String name) throws Unsure {
        if (name.isEmpty()) {
            return; // cpp: "empty filename in #include"
        }
        if (name.startsWith("/")) {
            // The volunteer's compiler would open its own file of that name (distcc: "Filepath must be relative").
            throw new Unsure("#include of the absolute path " + name + " at " + from.real + ":" + directive.line());
        }
        if (!UTF8_FILE_NAMES && !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new Unsure("a non-ASCII include name at " + from.real + ":" + directive.line());
        }
        boolean reads = directive.use() == Use.INCLUDE;
        Found found = find(from, name, angled, directive.next());
        if (found == null) {
            return; // cpp would fail if it got here; every branch was taken, so it may not
        }
        commit(found.resolved);
        if (reads) {
            enqueue(node(found));
        } else if (!read.containsKey(found.resolved.real()) && !probed.containsKey(found.resolved.real())) {
            probed.put(found.resolved.real(), scans.facts(found.resolved.real(), nowNanos));
        }
    }

    private Found find(Node from, String name, boolean angled, boolean next) throws Unsure {
        if (next && from.found != BY_PATH) {
            return search(name, from.found == BESIDE ? 0 : from.found + 1);
        }
        if (angled) {
            return search(name, path.bracketStart());
        }
        PathWalker.Resolved beside = walker.resolveInclude(from.directory, name);
        return beside != null ? new Found(beside, BESIDE) : search(name, 0);
    }

    private Found search(String name, int start) throws Unsure {
        List<SearchPath.Directory> chain = path.chain();
        for (int i = start; i < chain.size(); i++) {
            PathWalker.Resolved resolved = walker.resolveInclude(chain.get(i).dir(), name);
            if (resolved != null) {
                return new Found(resolved, i);
            }
        }
        return null;
    }

    /**
     * Evaluates every computed include with the definitions of every file read so far, until a round
     * brings no new file and no new computed include.
     */
    private void evaluateComputedIncludes() throws Unsure {
        int knownFiles = -1;
        int knownComputed = -1;
        int rounds = 0;
        while (read.size() != knownFiles || computed.size() != knownComputed) {
            if (computed.isEmpty()) {
                return;
            }
            if (++rounds > MAX_ROUNDS) {
                throw new Unsure("computed includes still bring new files after " + MAX_ROUNDS + " rounds");
            }
            knownFiles = read.size();
            knownComputed = computed.size();
            var expander = new MacroExpander(definitions());
            for (Computed c : List.copyOf(computed)) {
                List<List<PpToken>> expansions;
                try {
                    expansions = expander.expand(PpLexer.tokens(c.directive.operand()));
                } catch (Unsure e) {
                    throw new Unsure("cannot evaluate #include " + c.directive.operand() + " at " + c.from.real + ":"
                            + c.directive.line() + ": " + e.getMessage());
                }
                for (List<PpToken> expansion : expansions) {
                    for (HeaderNames.HeaderName name : HeaderNames.of(expansion)) {
                        include(c.from, c.directive, name.form() == Form.ANGLED, name.name());
                    }
                }
            }
            drain();
        }
    }

    /** Every definition a name may have: from the command line, the compiler, and each file read. */
    private Function<String, List<MacroDefinition>> definitions() {
        Map<String, List<MacroDefinition>> memo = new HashMap<>();
        List<FileFacts> files = List.copyOf(read.values());
        return name -> memo.computeIfAbsent(name, n -> {
            Map<String, MacroDefinition> distinct = new LinkedHashMap<>();
            commandLine.getOrDefault(n, List.of()).forEach(d -> distinct.putIfAbsent(d.toString(), d));
            defaults.predefined().getOrDefault(n, List.of()).forEach(d -> distinct.putIfAbsent(d.toString(), d));
            for (FileFacts facts : files) {
                facts.scan().definitionsOf(n).forEach(d -> distinct.putIfAbsent(d.toString(), d));
            }
            return List.copyOf(distinct.values());
        });
    }

    private void commit(PathWalker.Resolved resolved) {
        for (PathWalker.Link link : resolved.links()) {
            links.putIfAbsent(link.path(), link.target());
        }
        directories.addAll(resolved.directories());
    }
}
