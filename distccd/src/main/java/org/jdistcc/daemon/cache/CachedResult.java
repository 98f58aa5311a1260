package org.jdistcc.daemon.cache;

import java.nio.file.Path;
import java.util.List;

/**
 * What a compile gave, as the cache keeps it: everything a reply is made of, whatever the dialect.
 *
 * @param waitStatus the compiler's raw wait status (0, or 1 << 8: only those are kept)
 * @param object the object, or null after a failed compile
 * @param deps pump mode's {@code .d} text, or null
 * @param sides side files by the part of their name after the object's stem ({@code dwo} for {@code
 *     x.dwo} beside {@code x.o}), so a hit under another object name names them after that one
 * @param volunteerFiles files of this volunteer's the compile read that are not part of the key
 *     (pump mode's system headers), with their digests: a hit needs them unchanged
 */
public record CachedResult(
        int waitStatus,
        byte[] stderr,
        byte[] stdout,
        Path object,
        byte[] deps,
        List<Side> sides,
        List<VolunteerFile> volunteerFiles) {
    public CachedResult {
        sides = List.copyOf(sides);
        volunteerFiles = List.copyOf(volunteerFiles);
    }

    /** One side file: {@code suffix} is its name after the object's stem and dot. */
    public record Side(String suffix, Path content) {}

    /** A file of the volunteer's a result depends on, and its SHA-256 in hex when the result was made. */
    public record VolunteerFile(Path path, String digest) {}

    /** The bytes an entry of this result takes, about. */
    long size() {
        long size = stderr.length + stdout.length + (deps == null ? 0 : deps.length) + 256;
        try {
            size += object == null ? 0 : java.nio.file.Files.size(object);
            for (Side side : sides) {
                size += java.nio.file.Files.size(side.content());
            }
        } catch (java.io.IOException e) {
            return Long.MAX_VALUE;
        }
        return size;
    }
}
