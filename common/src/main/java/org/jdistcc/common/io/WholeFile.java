package org.jdistcc.common.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a file whole: the new content goes to a hidden temporary file in the same directory,
 * which is then renamed over the old one (atomically where the file system can), so a reader in
 * another process sees the old file or the new one, never half of either. The temporary file is
 * removed whatever happens. No {@code fsync}: for state a crash may lose, not for what must survive
 * one.
 */
public final class WholeFile {
    private WholeFile() {}

    /** Writes {@code content} as {@code target}, creating its directory if need be. */
    public static void replace(Path target, byte[] content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Directories.ensure(directory);
        Path temp = Files.createTempFile(directory, ".", ".tmp");
        try {
            Files.write(temp, content);
            moveOver(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames a finished {@code temp} over {@code target}: atomically where the file system can. */
    public static void moveOver(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
