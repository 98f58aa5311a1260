package org.jdistcc.client.monitor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Publishes one client's state: each update writes a temp file and renames it over {@code
 * jdistcc_<pid>} (and distcc 3.4's {@code binstate_<pid>} when this machine has its layout), so a
 * monitor never reads half a file. The temp names start with a dot and are per process, so no
 * other writer and no monitor looks at them.
 */
public final class StateWriter {
    private final Path dir;
    private final Path file;
    private final Path temp;
    private final Path legacyFile;
    private final Path legacyTemp;
    private boolean dirChecked;

    public StateWriter(Path stateDir, long pid, boolean legacy) {
        this.dir = stateDir;
        this.file = stateDir.resolve(StateDirectory.PREFIX + pid);
        this.temp = stateDir.resolve("." + StateDirectory.PREFIX + pid + ".tmp");
        this.legacyFile = legacy ? stateDir.resolve(StateDirectory.LEGACY_PREFIX + pid) : null;
        this.legacyTemp = legacy ? stateDir.resolve("." + StateDirectory.LEGACY_PREFIX + pid + ".tmp") : null;
    }

    /** Every file this writer may leave behind, for clean-up on exit and on signals. */
    public List<Path> files() {
        return legacyFile == null ? List.of(file, temp) : List.of(file, temp, legacyFile, legacyTemp);
    }

    public void write(JobState state) throws IOException {
        publish(temp, file, StateFileFormat.encode(state));
        if (legacyFile != null) {
            publish(legacyTemp, legacyFile, LegacyStateFormat.encode(state));
        }
    }

    public void remove() {
        for (Path p : files()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a monitor removes it once our pid is gone
            }
        }
    }

    private void publish(Path tempFile, Path target, byte[] bytes) throws IOException {
        try {
            writeFile(tempFile, bytes);
        } catch (NoSuchFileException e) {
            if (dirChecked) {
                throw e;
            }
            // Creating the directory only when missing saves a syscall on every other update.
            dirChecked = true;
            Files.createDirectories(dir);
            writeFile(tempFile, bytes);
        }
        Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeFile(Path path, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(
                path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
        }
    }
}
