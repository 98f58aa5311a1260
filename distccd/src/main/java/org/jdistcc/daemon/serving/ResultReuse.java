package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.daemon.cache.CachedResult;
import org.jdistcc.daemon.cache.EntryFormat;
import org.jdistcc.daemon.cache.ResultCache;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.SideFile;

/**
 * Between a job and the result cache: a reply made from a cached result (its side files named after
 * this job's object, only what this job's dialect carries), and a reply kept as a result. Only
 * compiles that ended as the source decides (status 0, or 1 for a compile error) are kept: a signal,
 * a crash (gcc's 4) or the daemon's own failure may not happen again.
 */
final class ResultReuse {
    private final ResultCache cache;
    private final Map<Path, Known> digests = new ConcurrentHashMap<>();

    private record Known(long size, long modified, String digest) {}

    ResultReuse(ResultCache cache) {
        this.cache = cache;
    }

    /** The job's key, or null: no identity, or a result a compile could change. */
    Cacheable key(Dialect dialect, CheckedCommand checked, JobLog log) {
        if (checked.identity() == null) {
            return null;
        }
        try {
            Cacheable cacheable = dialect.cacheable(checked.identity());
            if (cacheable == null) {
                log.cache("uncacheable");
            }
            return cacheable;
        } catch (IOException e) {
            log.cache("uncacheable");
            return null;
        }
    }

    /** The reply for {@code job} from the cache, or null. */
    Reply lookup(Cacheable job, ProtocolVersion version, JobDir dir) throws IOException {
        Path into = Files.createDirectory(dir.root().resolve("cached"));
        ResultCache.Hit hit = cache.lookup(job.key(), into);
        if (hit == null || !unchanged(hit.result().volunteerFiles())) {
            return null;
        }
        CachedResult r = hit.result();
        List<SideFile> sides = new ArrayList<>();
        if (version.has(ProtocolVersion.FEATURE_SIDE_FILES)) {
            for (CachedResult.Side side : r.sides()) {
                sides.add(new SideFile(stem(job.objectName()) + side.suffix(), new Payload.InFile(side.content())));
            }
        }
        return new Reply(
                version,
                r.waitStatus(),
                new Payload.Bytes(r.stderr()),
                new Payload.Bytes(r.stdout()),
                r.object() == null ? Payload.EMPTY : new Payload.InFile(r.object()),
                version.isPump() ? new Payload.Bytes(r.deps() == null ? new byte[0] : r.deps()) : null,
                sides,
                Reply.CACHED | (hit.shared() ? Reply.SHARED : 0));
    }

    /**
     * Keeps what {@code reply} (as sent for {@code job}) holds.
     *
     * @param volunteerFiles files of this volunteer's the compile read beyond the key's
     */
    void store(Cacheable job, Reply reply, List<Path> volunteerFiles) throws IOException {
        int status = reply.waitStatus();
        if (status != 0 && status != Reply.waitStatusOfExit(1)) {
            return;
        }
        List<CachedResult.Side> sides = new ArrayList<>();
        String stem = stem(job.objectName());
        for (SideFile side : reply.sideFiles()) {
            if (!side.name().startsWith(stem) || !(side.content() instanceof Payload.InFile(Path content))) {
                return;
            }
            sides.add(new CachedResult.Side(side.name().substring(stem.length()), content));
        }
        List<CachedResult.VolunteerFile> files = new ArrayList<>();
        for (Path file : volunteerFiles) {
            files.add(new CachedResult.VolunteerFile(file, digest(file)));
        }
        Path object = null;
        if (status == 0) {
            if (!(reply.object() instanceof Payload.InFile(Path file))) {
                return;
            }
            object = file;
        }
        cache.store(
                job.key(),
                new CachedResult(
                        status,
                        bytes(reply.stderr()),
                        bytes(reply.stdout()),
                        object,
                        reply.deps() == null ? null : bytes(reply.deps()),
                        sides,
                        files));
    }

    /** Whether every file is as it was when the result was made. */
    private boolean unchanged(List<CachedResult.VolunteerFile> files) {
        for (CachedResult.VolunteerFile file : files) {
            try {
                if (!digest(file.path()).equals(file.digest())) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** A system header's digest, read again only when its size or time changed. */
    private String digest(Path file) throws IOException {
        var attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        Known known = digests.get(file);
        if (known != null && known.size() == size && known.modified() == modified) {
            return known.digest();
        }
        String digest = EntryFormat.digest(file);
        digests.put(file, new Known(size, modified, digest));
        return digest;
    }

    /** {@code x.} for {@code x.o}, as {@code protocol/SideFileNames} names side files. */
    static String stem(String objectName) {
        int dot = objectName.lastIndexOf('.');
        return (dot > 0 ? objectName.substring(0, dot) : objectName) + ".";
    }

    private static byte[] bytes(Payload payload) throws IOException {
        return switch (payload) {
            case Payload.Bytes(byte[] content) -> content;
            case Payload.InFile(Path path) -> Files.readAllBytes(path);
        };
    }
}
