package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdistcc.common.io.WholeFile;

/**
 * A directory of small {@code key=value} files, one per host, each replaced whole by a rename:
 * concurrent clients of the user and a crash never leave half a file, and the last writer wins. Reads
 * are bounded; anything unreadable reads as nothing (knowledge here is an optimisation).
 */
final class HostFiles {
    private static final int MAX_FILE = 32 * 1024;

    private final Path dir;

    HostFiles(Path dir) {
        this.dir = dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** The file's lines as a map (empty if missing or unreadable). */
    Map<String, String> read(String name) {
        Path file = file(name);
        if (!Files.exists(file)) {
            return Map.of(); // the usual case for a new host, checked without an exception
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
        return lines;
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
