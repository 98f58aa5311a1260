package org.jdistcc.client.includes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** A symbolic link {@code path} (its directory real) that resolves to the real path {@code target}. */
    record Link(String path, String target) {}

    /**
     * Where a path led: the real path of the file or directory; the real path of the directory the
     * path names it in (where its last name is, even when that name is a link leading elsewhere:
     * cpp looks for the file's own quoted includes there); and what must exist on the other side
     * for the path to lead there too.
     */
    record Resolved(String real, String realParent, boolean isDirectory, List<Link> links, List<String> directories) {}

    private final DirectoryCache cache;
    private final long nowNanos;
    private final Map<String, DirectoryCache.Listing> checked = new HashMap<>();
    private final Map<String, Object> memo = new HashMap<>();
    private static final Object NOT_FOUND = new Object();

    PathWalker(DirectoryCache cache, long nowNanos) {
        this.cache = cache;
        this.nowNanos = nowNanos;
    }

    /**
     * Resolves {@code path} from the real directory {@code base} (ignored for an absolute path) to a
     * regular file or a directory; null when there is none (missing, a directory where a file was
     * asked for, or the reverse).
     *
     * @throws Unsure when the kernel would report an error other than "not found" (no permission, a
     *     link loop) or the file is neither regular nor a directory: cpp would fail or block
     */
    Resolved resolve(String base, String path, boolean wantDirectory) throws Unsure {
        String key = (wantDirectory ? "d" : "f") + base + '\0' + path;
        Object known = memo.get(key);
        if (known != null) {
            return known == NOT_FOUND ? null : (Resolved) known;
        }
        Resolved resolved = walk(base, path, wantDirectory);
        memo.put(key, resolved == null ? NOT_FOUND : resolved);
        return resolved;
    }

    private Resolved walk(String base, String path, boolean wantDirectory) throws Unsure {
        // Components, and Integer marks: "the link recorded at this index ends here".
        var todo = new ArrayDeque<Object>();
        push(todo, path);
        String current = path.startsWith("/") ? "/" : base;
        List<Link> links = new ArrayList<>(0);
        List<String> pendingTargets = new ArrayList<>(0);
        List<String> directories = new ArrayList<>(4);
        int followed = 0;
        String namedParent = current;
        while (!todo.isEmpty()) {
            Object next = todo.pollFirst();
            if (next instanceof Integer link) {
                links.set(link, new Link(links.get(link).path(), current));
                continue;
            }
            String name = (String) next;
            if (todo.isEmpty()) {
                namedParent = current; // the last name of the path itself, not of a link's target
            }
            if (name.equals("..")) {
                current = parent(current);
                continue;
            }
            DirectoryCache.Listing listing = listing(current);
            if (listing == null) {
                return null;
            }
            DirectoryCache.Entry entry = DirectoryCache.entry(listing, current, name);
            String child = join(current, name);
            switch (entry.type()) {
                case MISSING -> {
                    return null;
                }
                case UNREADABLE -> throw new Unsure("cannot look at " + child);
                case DIRECTORY -> {
                    current = child;
                    directories.add(current);
                }
                case FILE, OTHER -> {
                    if (!onlyMarks(todo)) {
                        return null; // ENOTDIR: cpp goes on searching
                    }
                    if (wantDirectory) {
                        return null;
                    }
                    if (entry.type() == FileStat.Type.OTHER) {
                        throw new Unsure(child + " is not a regular file");
                    }
                    current = child;
                    finishLinks(todo, links, current);
                    return new Resolved(current, namedParent, false, List.copyOf(links), List.copyOf(directories));
                }
                case LINK -> {
                    if (++followed > MAX_LINKS) {
                        throw new Unsure("too many symbolic links in " + path);
                    }
                    links.add(new Link(child, null));
                    todo.addFirst(links.size() - 1);
                    push(todo, entry.linkTarget());
                    if (entry.linkTarget().startsWith("/")) {
                        current = "/";
                    }
                }
            }
        }
        if (!wantDirectory) {
            return null; // a directory, where cpp wants a file: it goes on searching
        }
        return new Resolved(current, namedParent, true, List.copyOf(links), List.copyOf(directories));
    }

    private static void finishLinks(ArrayDeque<Object> todo, List<Link> links, String target) {
        while (!todo.isEmpty()) {
            int link = (Integer) todo.pollFirst();
            links.set(link, new Link(links.get(link).path(), target));
        }
    }

    private static boolean onlyMarks(ArrayDeque<Object> todo) {
        for (Object o : todo) {
            if (o instanceof String) {
                return false;
            }
        }
        return true;
    }

    /** Pushes the components of {@code path} in front of {@code todo}, first component first. */
    private static void push(ArrayDeque<Object> todo, String path) {
        int end = path.length();
        while (end > 0) {
            int slash = path.lastIndexOf('/', end - 1);
            String name = path.substring(slash + 1, end);
            if (!name.isEmpty() && !name.equals(".")) {
                todo.addFirst(name);
            }
            end = slash < 0 ? 0 : slash;
        }
    }

    /** The stat of a real directory, as checked in this analysis; null if it is no directory. */
    FileStat directoryStat(String realDirectory) {
        DirectoryCache.Listing listing = listing(realDirectory);
        return listing == null ? null : listing.stat;
    }

    private DirectoryCache.Listing listing(String realDirectory) {
        DirectoryCache.Listing listing = checked.get(realDirectory);
        if (listing == null && !checked.containsKey(realDirectory)) {
            listing = cache.listing(realDirectory, nowNanos);
            checked.put(realDirectory, listing);
        }
        return listing;
    }

    static String join(String directory, String name) {
        return directory.equals("/") ? "/" + name : directory + "/" + name;
    }

    static String parent(String real) {
        int slash = real.lastIndexOf('/');
        return slash <= 0 ? "/" : real.substring(0, slash);
    }
}
