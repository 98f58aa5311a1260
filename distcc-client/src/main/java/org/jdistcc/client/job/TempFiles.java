package org.jdistcc.client.job;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job's files and processes that must not outlive it: deleted and killed on every exit,
 * including SIGINT, SIGTERM and SIGHUP (the cold path's JVM runs shutdown hooks for those), so an
 * interrupted build leaves no half-written object and no temp file (distcc TODOs). In the agent,
 * the job whose client went away is the one cleaned up.
 */
public final class TempFiles {
    private final JobContext job;
    private final Set<Path> files = ConcurrentHashMap.newKeySet();
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private volatile boolean keep;

    TempFiles(JobContext job) {
        this.job = job;
    }

    /** {@code DISTCC_SAVE_TEMPS=1}: leave the job's temp files for debugging. */
    public void keepForDebugging(boolean keepThem) {
        keep = keepThem;
    }

    /** Whether the job's temp files are left for debugging. */
    public boolean kept() {
        return keep;
    }

    public Path register(Path file) {
        job.firstRegistration();
        files.add(file);
        if (job.abandoned()) {
            cleanUp();
            throw new Abandoned();
        }
        return file;
    }

    public Process register(Process process) {
        job.firstRegistration();
        processes.add(process);
        if (job.abandoned()) {
            cleanUp();
            throw new Abandoned();
        }
        return process;
    }

    /** The file is no longer ours to delete (renamed into place, say). */
    public void forget(Path file) {
        files.remove(file);
    }

    public void forget(Process process) {
        processes.remove(process);
    }

    /** Deletes a file or one of our temporary directories now; null is ignored. */
    public void delete(Path file) {
        if (file == null) {
            return;
        }
        files.remove(file);
        if (!keep) {
            deleteTree(file);
        }
    }

    /** Kills the job's processes and deletes its files (unless kept for debugging). */
    public void cleanUp() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        if (keep) {
            return;
        }
        for (Path file : files) {
            deleteTree(file);
        }
    }

    /** Deletes a file, or a directory with what is in it (one level: our temporary directories). */
    static void deleteTree(Path file) {
        // Most files are gone already (renamed into place): deleteIfExists says so without the
        // exception a stat of a missing path throws, which showed in the agent's CPU per compile.
        try {
            Files.deleteIfExists(file);
        } catch (DirectoryNotEmptyException full) {
            try (var entries = Files.newDirectoryStream(file)) {
                for (Path entry : entries) {
                    Files.deleteIfExists(entry);
                }
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort, as below
            }
        } catch (IOException ignored) {
            // best effort; the cold path's hook tries again at exit
        }
    }
}
