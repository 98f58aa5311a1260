package org.jdistcc.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What a volunteer's {@code --cache-dir} holds: entries under their names, writes in progress. */
final class CacheFiles {
    private CacheFiles() {}

    static List<Path> entries(Path cacheDir) {
        return list(cacheDir.resolve("entries"));
    }

    static List<Path> partial(Path cacheDir) {
        return list(cacheDir.resolve("tmp"));
    }

    /** Removes every entry (not the directory a daemon may hold). */
    static void clear(Path cacheDir) {
        for (Path entry : entries(cacheDir)) {
            try {
                Files.deleteIfExists(entry);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (IOException e) {
            return List.of(); // a file went while we looked: nothing stable to report
        }
    }
}
