package org.jdistcc.client.includes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jdistcc.client.includes.DirectoryCache.Dir;
import org.jdistcc.client.includes.DirectoryCache.Entry;

/**
 * Resolves paths the way the kernel does, one name at a time through the {@link DirectoryCache}:
 * {@code ..} goes to the physical parent, a symbolic link is followed where it is met. Each
 * resolution says which links it went through and which directories it entered, so that the same
 * path resolves the same way under a volunteer's root once those links and directories are made
 * there (distcc's {@code include_server/mirror_path.py}). One walker serves one analysis: each
 * directory is checked once per analysis, however many lookups are made in it. Not thread-safe.
 */
final class PathWalker {
    private static final int MAX_LINKS = 40; // Linux's MAXSYMLINKS
    private static final AtomicLong ANALYSES = new AtomicLong();

    /** A symbolic link {@code path} (its directory real) that resolves to the real path {@code target}. */
    record Link(String path, String target) {}

    /**
     * Where a path led: the real path of the file or directory; the directory the path names it in
     * (where its last name is, even when that name is a link leading elsewhere: cpp looks for the
     * file's own quoted includes there) and that name's entry; and what must exist on the other side
     * for the path to lead there too.
     */
    record Resolved(String real, Dir namedParent, Entry named, List<Link> links, List<String> directories) {}

    private record Key(Dir base, String path, boolean wantDirectory) {
        // Written out: the generated ones go through invokedynamic, slow in the agent's C1-only JIT.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.base == base && k.wantDirectory == wantDirectory && k.path.equals(path);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(base) * 31 + path.hashCode() + (wantDirectory ? 1 : 0);
        }
    }

    private static final Resolved NOT_FOUND = new Resolved(null, null, null, List.of(), List.of());

    private final DirectoryCache cache;
    private final long analysis = ANALYSES.incrementAndGet();
    private final long nowNanos;
    private final Map<Key, Resolved> memo = new HashMap<>();

    PathWalker(DirectoryCache cache, long nowNanos) {
        this.cache = cache;
        this.nowNanos = nowNanos;
    }

    Dir directory(String realPath) {
        return cache.directory(realPath);
    }

    /**
     * Resolves {@code path} from {@code base} (ignored for an absolute path) to a regular file or a
     * directory; null when there is none (missing, a directory where a file was asked for, or the
     * reverse).
     *
     * @throws Unsure when the kernel would report an error other than "not found" (no permission, a
     *     link loop) or the file is neither regular nor a directory: cpp would fail or block
     */
    @SuppressWarnings("ReferenceEquality") // NOT_FOUND is a sentinel: identity is the point
    Resolved resolve(Dir base, String path, boolean wantDirectory) throws Unsure {
        var key = new Key(base, path, wantDirectory);
        Resolved known = memo.get(key);
        if (known == null) {
            known = walk(base, path, wantDirectory);
            memo.put(key, known == null ? NOT_FOUND : known);
        }
        return known == NOT_FOUND ? null : known;
    }

    /**
     * Resolves the include name {@code name} in the search directory {@code dir} to a regular file,
     * as {@link #resolve}; and first, as cpp does, looks for {@code NAME.gch} there.
     *
     * @throws Unsure also if there is a precompiled header, which the analysis does not send
     */
    Resolved resolveInclude(Dir dir, String name) throws Unsure {
        if (name.indexOf('/') >= 0 || name.equals("..") || name.equals(".")) {
            if (anything(dir, name + ".gch")) {
                throw new Unsure("a precompiled header " + join(dir.path, name + ".gch"));
            }
            return resolve(dir, name, false);
        }
        // A plain name, the common case: one lookup in one listing, both answers kept on the entry.
        DirectoryCache.Listing listing = cache.listing(dir, analysis, nowNanos);
        if (listing == null) {
            return null;
        }
        Entry entry = DirectoryCache.entry(dir, listing, name);
        Entry pch = entry.precompiled;
        if (pch == null) {
            pch = DirectoryCache.entry(dir, listing, name + ".gch");
            entry.precompiled = pch;
        }
        if (pch.type != FileStat.Type.MISSING) {
            throw new Unsure("a precompiled header " + pch.path);
        }
        return switch (entry.type) {
            case MISSING, DIRECTORY -> null;
            case FILE -> {
                Resolved known = entry.asFile;
                if (known == null) {
                    known = new Resolved(entry.path, dir, entry, List.of(), List.of());
                    entry.asFile = known;
                }
                yield known;
            }
            default -> resolve(dir, name, false);
        };
    }

    /** Whether anything at all (file, directory, link, ...) is at {@code path} from {@code base}. */
    private boolean anything(Dir base, String path) throws Unsure {
        return resolve(base, path, false) != null || resolve(base, path, true) != null;
    }

    /** The stat of a directory, as checked in this analysis; null if it is no directory. */
    FileStat directoryStat(Dir dir) {
        DirectoryCache.Listing listing = cache.listing(dir, analysis, nowNanos);
        return listing == null ? null : listing.stat;
    }

    private Resolved walk(Dir base, String path, boolean wantDirectory) throws Unsure {
        // Names, and Integer marks: "the link recorded at this index ends here".
        var todo = new ArrayDeque<Object>();
        push(todo, path);
        Dir current = path.startsWith("/") ? cache.directory("/") : base;
        List<Link> links = List.of();
        List<String> directories = new ArrayList<>(2);
        int followed = 0;
        Dir namedParent = current;
        Entry named = null;
        while (!todo.isEmpty()) {
            Object next = todo.pollFirst();
            if (next instanceof Integer link) {
                links.set(link, new Link(links.get(link).path(), current.path));
                continue;
            }
            String name = (String) next;
            boolean last = todo.isEmpty(); // the last name of the path itself, not of a link's target
            if (name.equals("..")) {
                current = cache.directory(parent(current.path));
                continue;
            }
            DirectoryCache.Listing listing = cache.listing(current, analysis, nowNanos);
            if (listing == null) {
                return null;
            }
            Entry entry = DirectoryCache.entry(current, listing, name);
            if (last) {
                namedParent = current;
                named = entry;
            }
            switch (entry.type) {
                case MISSING -> {
                    return null;
                }
                case UNREADABLE -> throw new Unsure("cannot look at " + entry.path);
                case DIRECTORY -> {
                    current = cache.directory(entry);
                    directories.add(current.path);
                }
                case FILE, OTHER -> {
                    if (!onlyMarks(todo) || wantDirectory) {
                        return null; // ENOTDIR, or a file where a directory is wanted: not found
                    }
                    if (entry.type == FileStat.Type.OTHER) {
                        throw new Unsure(entry.path + " is not a regular file");
                    }
                    while (!todo.isEmpty()) {
                        int link = (Integer) todo.pollFirst();
                        links.set(link, new Link(links.get(link).path(), entry.path));
                    }
                    return new Resolved(entry.path, namedParent, named, List.copyOf(links), directories);
                }
                case LINK -> {
                    if (++followed > MAX_LINKS) {
                        throw new Unsure("too many symbolic links in " + path);
                    }
                    if (links.isEmpty()) {
                        links = new ArrayList<>(2);
                    }
                    links.add(new Link(entry.path, null));
                    todo.addFirst(links.size() - 1);
                    push(todo, entry.linkTarget);
                    if (entry.linkTarget.startsWith("/")) {
                        current = cache.directory("/");
                    }
                }
            }
        }
        if (!wantDirectory) {
            return null; // a directory, where cpp wants a file: it goes on searching
        }
        return new Resolved(current.path, namedParent, named, List.copyOf(links), directories);
    }

    private static boolean onlyMarks(ArrayDeque<Object> todo) {
        for (Object o : todo) {
            if (o instanceof String) {
                return false;
            }
        }
        return true;
    }

    /** Pushes the names of {@code path} in front of {@code todo}, first name first. */
    private static void push(ArrayDeque<Object> todo, String path) {
        int end = path.length();
        while (end > 0) {
            int slash = path.lastIndexOf('/', end - 1);
            if (slash < 0 && end == path.length() && !path.equals(".")) {
                todo.addFirst(path); // the common case: a plain name
                return;
            }
            String name = path.substring(slash + 1, end);
            if (!name.isEmpty() && !name.equals(".")) {
                todo.addFirst(name);
            }
            end = slash < 0 ? 0 : slash;
        }
    }

    static String join(String directory, String name) {
        return directory.equals("/") ? "/" + name : directory + "/" + name;
    }

    static String parent(String real) {
        int slash = real.lastIndexOf('/');
        return slash <= 0 ? "/" : real.substring(0, slash);
    }
}
