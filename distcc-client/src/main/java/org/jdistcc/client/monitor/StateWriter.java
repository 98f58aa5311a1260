package org.jdistcc.client.monitor;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Publishes one client's state in {@code jdistcc_<pid>} (and distcc 3.4's {@code binstate_<pid>}
 * when this machine has its layout). Each file is opened once; each update overwrites it in place
 * with one {@code pwrite}-like seek and write at offset 0.
 *
 * <p>Not write-a-temp-file-and-rename: on ext4, whose {@code auto_da_alloc} flushes a file's data
 * when a rename replaces another file, that measured 0.3 to 0.7 ms per update here, and a compile
 * has six phases. Readers detect a record caught mid-write by its checksum ({@link
 * StateFileFormat}) and read again. RandomAccessFile rather than FileChannel: fewer layers to run
 * in a JVM that interprets this code.
 */
final class StateWriter {
    private final Path dir;
    private final Path file;
    private final Path legacyFile;
    private RandomAccessFile out;
    private RandomAccessFile legacyOut;

    public StateWriter(Path stateDir, long pid, boolean legacy) {
        this.dir = stateDir;
        // String.concat, not "+": each "+" site costs an invokedynamic bootstrap in a fresh JVM.
        String id = Long.toString(pid);
        this.file = stateDir.resolve(StateDirectory.PREFIX.concat(id));
        this.legacyFile = legacy ? stateDir.resolve(StateDirectory.LEGACY_PREFIX.concat(id)) : null;
    }

    /** Every file this writer may leave behind, for clean-up on exit and on signals. */
    public List<Path> files() {
        return legacyFile == null ? List.of(file) : List.of(file, legacyFile);
    }

    public void write(JobState state) throws IOException {
        if (out == null) {
            out = open(file);
        }
        overwrite(out, StateFileFormat.encode(state));
        if (legacyFile != null) {
            if (legacyOut == null) {
                legacyOut = open(legacyFile);
            }
            overwrite(legacyOut, LegacyStateFormat.encode(state)); // always 296 bytes
        }
    }

    /** Deletes the files; a monitor deletes them anyway once our pid is gone. */
    public void remove() {
        for (Path p : files()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // see above
            }
        }
        close(out);
        close(legacyOut);
        out = null;
        legacyOut = null;
    }

    private RandomAccessFile open(Path path) throws IOException {
        try {
            return new RandomAccessFile(path.toFile(), "rw");
        } catch (FileNotFoundException e) {
            // Creating the directory only when it is missing saves a syscall per client.
            Files.createDirectories(dir);
            return new RandomAccessFile(path.toFile(), "rw");
        }
    }

    private static void overwrite(RandomAccessFile f, byte[] bytes) throws IOException {
        f.seek(0);
        f.write(bytes);
    }

    private static void close(RandomAccessFile f) {
        if (f == null) {
            return;
        }
        try {
            f.close();
        } catch (IOException ignored) {
            // nothing was buffered
        }
    }
}
