package org.jdistcc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Directories a daemon that left root (running as {@code nobody}) can write in: world-writable, like
 * {@code /tmp}. JUnit's {@code @TempDir} is private to the test's user.
 */
public final class SharedDirectory {
    private SharedDirectory() {}

    /** A fresh world-writable directory under the system temporary directory. */
    public static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        return worldWritable(dir);
    }

    /** {@code parent/name}, created world-writable if it does not exist. */
    public static Path in(Path parent, String name) throws IOException {
        Path dir = parent.resolve(name);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return worldWritable(Files.createDirectory(dir));
    }

    /** Removes a directory and everything in it, as far as it can (best effort: it is a temp dir). */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // what is left stays under the system temp dir
        }
    }

    private static Path worldWritable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }
}
