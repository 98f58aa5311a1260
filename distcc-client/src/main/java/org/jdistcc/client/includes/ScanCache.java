package org.jdistcc.client.includes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.jdistcc.common.digest.Sha256;

/**
 * Each file read and scanned once while it is unchanged: facts are kept by real path with the
 * {@link FileStat} they were read under, and reused while a new stat matches it. A file changed too
 * recently to trust its stat ({@link FileStat#isRecent}) is read and hashed again on its next use,
 * but not scanned again unless its content differs: scans are also kept by content digest, so a
 * touched or copied file costs a read, not a parse. Thread-safe.
 */
final class ScanCache {
    static final long MAX_FILE_BYTES = 64L << 20;

    private record Known(FileStat stat, boolean trusted, FileFacts facts) {}

    private final BoundedCache<String, Known> byPath;
    private final BoundedCache<String, ScannedFile> byDigest;
    private final AtomicLong reads = new AtomicLong();

    ScanCache(int maxFiles) {
        this.byPath = new BoundedCache<>(maxFiles);
        this.byDigest = new BoundedCache<>(maxFiles);
    }

    /**
     * The facts of the regular file at {@code realPath} as it is now.
     *
     * @throws Unsure if it cannot be read, is too large, or changes while being read
     */
    FileFacts facts(String realPath, long nowNanos) throws Unsure {
        FileStat stat = FileStat.of(realPath);
        if (stat.type() != FileStat.Type.FILE) {
            throw new Unsure(realPath + (stat.exists() ? " is not a regular file" : " cannot be read"));
        }
        Known known = byPath.get(realPath);
        if (known != null && known.trusted && known.stat.sameAs(stat)) {
            return known.facts;
        }
        if (stat.size() > MAX_FILE_BYTES) {
            throw new Unsure(realPath + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        reads.incrementAndGet();
        byte[] content;
        try {
            content = Files.readAllBytes(Path.of(realPath));
        } catch (IOException | OutOfMemoryError e) {
            throw new Unsure("cannot read " + realPath + ": " + e.getMessage());
        }
        FileStat after = FileStat.of(realPath);
        if (!after.sameAs(stat) || content.length != stat.size()) {
            throw new Unsure(realPath + " changed while it was read");
        }
        String digest = Sha256.hex(content);
        ScannedFile scan = known != null && known.facts.sha256().equals(digest) ? known.facts.scan() : null;
        if (scan == null) {
            scan = byDigest.get(digest);
        }
        if (scan == null) {
            scan = byDigest.putIfAbsent(digest, DirectiveScanner.scan(content));
        }
        var facts = new FileFacts(digest, stat.size(), stat.modified(), scan);
        byPath.put(realPath, new Known(stat, !stat.isRecent(nowNanos), facts));
        return facts;
    }

    /**
     * Whether the file at {@code realPath}, stat'ed now, is the version this cache read and hashed to
     * {@code sha256} and found old enough to trust by its stat: then its content is known without
     * hashing it again, exactly as {@link #facts} knows it on its next use.
     */
    boolean unchanged(String realPath, String sha256) {
        Known known = byPath.get(realPath);
        return known != null
                && known.trusted
                && known.facts.sha256().equals(sha256)
                && known.stat.sameAs(FileStat.of(realPath));
    }

    long reads() {
        return reads.get();
    }
}
