package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files and processes that must not outlive this client: deleted and killed on every exit,
 * including SIGINT, SIGTERM and SIGHUP (the JVM runs shutdown hooks for those), so an interrupted
 * build leaves no half-written object and no temp file (distcc TODOs).
 */
final class TempFiles {
    private static final Set<Path> FILES = ConcurrentHashMap.newKeySet();
    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;
    private static volatile boolean keep;

    private TempFiles() {}

    static void keepForDebugging(boolean keepThem) {
        keep = keepThem;
    }

    static Path register(Path file) {
        hook();
        FILES.add(file);
        return file;
    }

    static void forget(Path file) {
        FILES.remove(file);
    }

    static void delete(Path file) {
        if (file == null) {
            return;
        }
        FILES.remove(file);
        if (keep) {
            return;
        }
        deleteTree(file);
    }

    /** Deletes a file, or a directory with what is in it (one level: our temporary directories). */
    private static void deleteTree(Path file) {
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
        hook();
        PROCESSES.add(process);
        return process;
    }

    static void forget(Process process) {
        PROCESSES.remove(process);
    }

    private static synchronized void hook() {
        if (hooked) {
            return;
        }
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::cleanUp, "distcc-cleanup"));
    }

    private static void cleanUp() {
        for (Process p : PROCESSES) {
            p.destroyForcibly();
        }
        if (keep) {
            return;
        }
        for (Path file : FILES) {
            deleteTree(file);
        }
    }
}
