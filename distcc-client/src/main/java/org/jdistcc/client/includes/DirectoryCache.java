package org.jdistcc.client.includes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each directory's names are (a file, a directory, a symbolic link and its target, nothing),
 * kept across analyses while the directory is unchanged: adding, removing or renaming an entry
 * changes the directory's change time, so one {@code stat} of the directory per analysis stands for
 * every lookup in it, found or not. A directory changed too recently to trust that ({@link
 * FileStat#isRecent}) has its lookups kept for one analysis only. Directories are objects that know
 * their subdirectories, so a walk hashes short names, not paths. Thread-safe.
 */
final class DirectoryCache {
    /** A directory by its real path (no links in it); one object per path while it is cached. */
    static final class Dir {
        final String path;
        private volatile Listing listing;
        private volatile long checkedBy;

        private Dir(String path) {
            this.path = path;
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** A directory as last seen, with the lookups made in it since. */
    static final class Listing {
        final FileStat stat;
        final boolean trusted;
        final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

        Listing(FileStat stat, boolean trusted) {
            this.stat = stat;
            this.trusted = trusted;
        }
    }

    /**
     * A name in a directory: its type, its path, and for a link, where it points. It also keeps,
     * for as long as its listing is valid, its resolution as a plain file name and the entry of its
     * precompiled header ({@code NAME.gch}), the two things each search step asks.
     */
    static final class Entry {
        final FileStat.Type type;
        final String path;
        final String linkTarget;
        private volatile Dir directory;
        volatile Entry precompiled;
        volatile PathWalker.Resolved asFile;

        Entry(FileStat.Type type, String path, String linkTarget) {
            this.type = type;
            this.path = path;
            this.linkTarget = linkTarget;
        }
    }

    private static final Listing NOT_A_DIRECTORY = new Listing(null, false);

    private final BoundedCache<String, Dir> directories;

    DirectoryCache(int maxDirectories) {
        this.directories = new BoundedCache<>(maxDirectories);
    }

    /** The object for the real path {@code path}. */
    Dir directory(String path) {
        Dir known = directories.get(path);
        return known != null ? known : directories.putIfAbsent(path, new Dir(path));
    }

    /** The directory an entry of type {@link FileStat.Type#DIRECTORY} is. */
    Dir directory(Entry entry) {
        Dir known = entry.directory;
        if (known == null) {
            known = directory(entry.path);
            entry.directory = known;
        }
        return known;
    }

    /**
     * The listing of {@code dir} for the analysis numbered {@code analysis}: checked with a {@code
     * stat} the first time that analysis asks. Null if it is no directory.
     */
    Listing listing(Dir dir, long analysis, long nowNanos) {
        if (dir.checkedBy == analysis) {
            Listing listing = dir.listing;
            return listing == NOT_A_DIRECTORY ? null : listing;
        }
        FileStat stat = FileStat.of(dir.path);
        Listing listing;
        if (stat.type() != FileStat.Type.DIRECTORY) {
            listing = NOT_A_DIRECTORY;
        } else {
            Listing known = dir.listing;
            listing = known != null && known.trusted && known.stat.sameAs(stat)
                    ? known
                    : new Listing(stat, !stat.isRecent(nowNanos));
        }
        dir.listing = listing;
        dir.checkedBy = analysis;
        return listing == NOT_A_DIRECTORY ? null : listing;
    }

    /** Looks {@code name} up in a listing of {@code dir}. */
    static Entry entry(Dir dir, Listing listing, String name) {
        Entry known = listing.entries.get(name);
        if (known != null) {
            return known;
        }
        String path = dir.path.equals("/") ? "/" + name : dir.path + "/" + name;
        FileStat stat = FileStat.of(path);
        String target = null;
        FileStat.Type type = stat.type();
        if (type == FileStat.Type.LINK) {
            try {
                target = Files.readSymbolicLink(Path.of(path)).toString();
            } catch (IOException e) {
                type = FileStat.Type.UNREADABLE;
            }
        }
        Entry found = new Entry(type, path, target);
        Entry raced = listing.entries.putIfAbsent(name, found);
        return raced != null ? raced : found;
    }
}
