package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.common.io.WholeFile;

/**
 * A directory of small {@code key=value} files, one per host, each replaced whole by a rename:
 * concurrent clients of the user and a crash never leave half a file, and the last writer wins. Reads
 * are bounded; anything unreadable reads as nothing (knowledge here is an optimisation).
 */
final class HostFiles {
    private static final int MAX_FILE = 32 * 1024;

    private final Path dir;
    /** The last version read of each file, for the few reads of one compile. */
    private final Map<String, Read> lastRead = new ConcurrentHashMap<>();

    HostFiles(Path dir) {
        this.dir = dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** The file's lines as a map (empty if missing or unreadable). */
    Map<String, String> read(String name) {
        Path file = file(name);
        BasicFileAttributes seen;
        try {
            // Null for a missing file, the usual case for a new host, without an exception.
            seen = file.getFileSystem().provider().readAttributesIfExists(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return Map.of();
        }
        if (seen == null) {
            return Map.of();
        }
        Read last = lastRead.get(name);
        if (last != null && last.sameFile(seen)) {
            return last.lines(); // a compile asks several times; a writer's rename shows as a new file
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE);
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                lines.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        lines = Collections.unmodifiableMap(lines);
        lastRead.put(name, new Read(seen.fileKey(), seen.lastModifiedTime(), seen.size(), lines));
        return lines;
    }

    /** What was read of a file, and which version of it: its inode, time and size. */
    private record Read(Object key, FileTime modified, long size, Map<String, String> lines) {
        boolean sameFile(BasicFileAttributes now) {
            return key != null
                    && key.equals(now.fileKey())
                    && modified.equals(now.lastModifiedTime())
                    && size == now.size();
        }
    }

    /** Replaces the file with {@code lines}; entries that would break the format are dropped. Best effort. */
    void write(String name, Map<String, String> lines) {
        var text = new StringBuilder();
        lines.forEach((k, v) -> {
            if (!k.isEmpty() && !k.contains("\n") && !v.contains("\n") && !k.contains("=")) {
                text.append(k).append('=').append(v).append('\n');
            }
        });
        try {
            WholeFile.replace(file(name), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a read-only DISTCC_DIR only means learning again
        }
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            // it expires anyway
        }
    }
}
