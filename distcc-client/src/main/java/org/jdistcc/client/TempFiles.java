package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files and processes that must not outlive the compile: deleted and killed on every exit,
 * including SIGINT, SIGTERM and SIGHUP (the JVM runs shutdown hooks for those), so an interrupted
 * build leaves no half-written object and no temp file (distcc TODOs). They belong to the current
 * {@link JobContext}: in the agent, the job whose client went away is the one cleaned up.
 */
final class TempFiles {
    private static volatile boolean keep;

    private TempFiles() {}

    static void keepForDebugging(boolean keepThem) {
        keep = keepThem;
    }

    static boolean keepingForDebugging() {
        return keep;
    }

    static Path register(Path file) {
        return JobContext.current().register(file);
    }

    static void forget(Path file) {
        JobContext.current().forget(file);
    }

    static void delete(Path file) {
        if (file == null) {
            return;
        }
        JobContext.current().forget(file);
        if (keep) {
            return;
        }
        deleteTree(file);
    }

    /** Deletes a file, or a directory with what is in it (one level: our temporary directories). */
    static void deleteTree(Path file) {
        try {
            if (Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (var entries = Files.newDirectoryStream(file)) {
                    for (Path entry : entries) {
                        Files.deleteIfExists(entry);
                    }
                }
            }
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort; the hook tries again at exit
        }
    }

    static Process register(Process process) {
        return JobContext.current().register(process);
    }

    static void forget(Process process) {
        JobContext.current().forget(process);
    }
}
