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
 * FileStat#isRecent}) has its lookups kept for one analysis only. Thread-safe.
 */
final class DirectoryCache {
    static final long RECENT_NANOS = 2_000_000_000L;

    /** A name in a directory: its type, and for a link, where it points. */
    record Entry(FileStat.Type type, String linkTarget) {
        static final Entry MISSING = new Entry(FileStat.Type.MISSING, null);
    }

    /** One directory as last seen, with the lookups made in it since. */
    static final class Listing {
        final FileStat stat;
        final boolean trusted;
        final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

        Listing(FileStat stat, boolean trusted) {
            this.stat = stat;
            this.trusted = trusted;
        }
    }

    private final BoundedCache<String, Listing> listings;

    DirectoryCache(int maxDirectories) {
        this.listings = new BoundedCache<>(maxDirectories);
    }

    /** The listing of {@code realDirectory} (no links in it), checked now; null if it is no directory. */
    Listing listing(String realDirectory, long nowNanos) {
        FileStat stat = FileStat.of(realDirectory);
        if (stat.type() != FileStat.Type.DIRECTORY) {
            return null;
        }
        Listing known = listings.get(realDirectory);
        if (known != null && known.trusted && known.stat.sameAs(stat)) {
            return known;
        }
        var fresh = new Listing(stat, !stat.isRecent(nowNanos, RECENT_NANOS));
        listings.put(realDirectory, fresh);
        return fresh;
    }

    /** Looks {@code name} up in a listing of {@code realDirectory}. */
    static Entry entry(Listing listing, String realDirectory, String name) {
        Entry known = listing.entries.get(name);
        if (known != null) {
            return known;
        }
        String path = realDirectory.equals("/") ? "/" + name : realDirectory + "/" + name;
        FileStat stat = FileStat.of(path);
        Entry found;
        if (stat.type() == FileStat.Type.LINK) {
            try {
                found = new Entry(
                        FileStat.Type.LINK,
                        Files.readSymbolicLink(Path.of(path)).toString());
            } catch (IOException e) {
                found = new Entry(FileStat.Type.UNREADABLE, null);
            }
        } else {
            found = stat.type() == FileStat.Type.MISSING ? Entry.MISSING : new Entry(stat.type(), null);
        }
        listing.entries.put(name, found);
        return found;
    }
}
