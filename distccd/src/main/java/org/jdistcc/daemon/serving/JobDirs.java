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
 * The per-job temporary directories, and the jobs still using them, so that a daemon shutting
 * down kills their compilers and removes them too.
 *
 * <p>Where they go ({@link #fromEnvironment}): {@code $TMPDIR} when it is set, as distcc's; else
 * {@code /dev/shm} when it is a tmpfs this user may write, else {@code /tmp}. A source-mode job
 * makes a directory tree and a few dozen files and deletes them a second later; on a disk file
 * system each of those is an inode allocated and freed. On ext4 without a journal, allocation scans
 * past every inode freed in the last seconds ({@code recently_deleted}): on the 2-CPU machine of
 * docs/performance.md that was 27% of all the daemon's samples, compilers included, and 110 ms of
 * its own CPU per Lua job, against 18 ms with the jobs on a tmpfs.
 *
 * <p>Pump mode's roots ({@link #tmpdir}) stay in {@code $TMPDIR}, default {@code /tmp}, as in
 * distcc 3.4: their path's length shows in a {@code -g} object ({@link DebugPathRewriter}).
 */
public final class JobDirs {
    static final String PREFIX = "jdistccd_";
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final Path tmpRoot;
    private final Path tmpdir;
    private final Set<JobDir> live = ConcurrentHashMap.newKeySet();

    /** Where job directories are made. */
    public Path base() {
        return tmpRoot;
    }

    /**
     * {@code $TMPDIR}, default {@code /tmp}, whatever {@link #base} is: where pump mode's roots and
     * objects are made, and the default {@code --file-cache-dir} lives.
     */
    public Path tmpdir() {
        return tmpdir;
    }

    /** Jobs, pump roots and the file cache all in {@code tmpRoot}. */
    public JobDirs(Path tmpRoot) {
        this(tmpRoot, tmpRoot);
    }

    private JobDirs(Path tmpRoot, Path tmpdir) {
        this.tmpRoot = tmpRoot;
        this.tmpdir = tmpdir;
    }

    /** The bases the class comment gives, from {@code TMPDIR}'s value (null when unset). */
    public static JobDirs fromEnvironment(String tmpdir) {
        if (tmpdir != null && !tmpdir.isEmpty()) {
            return new JobDirs(Path.of(tmpdir));
        }
        Path tmp = Path.of("/tmp");
        return new JobDirs(isWritableTmpfs(SHARED_MEMORY) ? SHARED_MEMORY : tmp, tmp);
    }

    static boolean isWritableTmpfs(Path dir) {
        try {
            return Files.isDirectory(dir)
                    && Files.isWritable(dir)
                    && Files.getFileStore(dir).type().equals("tmpfs");
        } catch (IOException e) {
            return false;
        }
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
