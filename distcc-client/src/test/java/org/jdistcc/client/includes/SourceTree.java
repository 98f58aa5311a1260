package org.jdistcc.client.includes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tree of test files from a text: {@code == PATH} starts a file whose content is the
 * lines up to the next header; {@code -> PATH TARGET} makes a symbolic link; {@code mkdir PATH} a
 * directory.
 */
final class SourceTree {
    private SourceTree() {}

    static void write(Path root, String spec) throws IOException {
        Path file = null;
        var content = new StringBuilder();
        for (String line : spec.split("\n", -1)) {
            if (line.startsWith("== ") || line.startsWith("-> ") || line.startsWith("mkdir ")) {
                flush(file, content);
                file = null;
                content.setLength(0);
                if (line.startsWith("== ")) {
                    file = root.resolve(line.substring(3).strip());
                } else if (line.startsWith("-> ")) {
                    String[] parts = line.substring(3).strip().split(" +", -1);
                    Path link = root.resolve(parts[0]);
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, Path.of(parts[1]));
                } else {
                    Files.createDirectories(root.resolve(line.substring(6).strip()));
                }
            } else if (file != null) {
                content.append(line).append('\n');
            }
        }
        flush(file, content);
    }

    private static void flush(Path file, StringBuilder content) throws IOException {
        if (file != null) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }
}
