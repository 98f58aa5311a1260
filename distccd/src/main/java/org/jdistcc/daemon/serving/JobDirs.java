package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-job temporary directories under {@code $TMPDIR}, and the jobs still using them, so that
 * a daemon shutting down kills their compilers and removes them too.
 */
public final class JobDirs {
    static final String PREFIX = "jdistccd_";

    private final Path tmpRoot;
    private final Set<JobDir> live = ConcurrentHashMap.newKeySet();

    /** Where job directories are made ({@code $TMPDIR}). */
    public Path base() {
        return tmpRoot;
    }

    public JobDirs(Path tmpRoot) {
        this.tmpRoot = tmpRoot;
    }

    JobDir create() throws IOException {
        // createTempDirectory gives mode 0700 on POSIX: other local users cannot read a job.
        Path root = Files.createTempDirectory(tmpRoot, PREFIX);
        var dir = new JobDir(root, this);
        live.add(dir);
        return dir;
    }

    void release(JobDir dir) {
        live.remove(dir);
    }

    /** Kills every running compiler and removes every job directory; for shutdown. */
    public void abandonAll() {
        for (JobDir dir : live) {
            dir.close();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // walkFileTree does not follow symbolic links: a link the compiler made is removed, not
        // what it points at.
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                dir.toFile().setWritable(true, true);
                dir.toFile().setExecutable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
