package org.jdistcc.client.compile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.client.job.TempFiles;
import org.jdistcc.protocol.Payload;

/**
 * Preprocessed text that goes out whole, its length first (distcc 3.4's {@code DOTI}): held in
 * memory up to a bound and in a temporary file beyond it (issue 20, "stage in memory up to a bound,
 * then a file"). The usual unit then never touches this machine's disk: no file made, written,
 * read back and deleted per compile. {@code DISTCC_SAVE_TEMPS} keeps it a file, for the user to see.
 */
final class StagedText {
    /** Text up to this is held in memory: most C units, far from the agent's heap at {@code -j} in the tens. */
    static final int IN_MEMORY = 4 << 20;

    /** Makes the temporary file the text spills into, registered with the job. */
    interface Spill {
        Path file() throws IOException;
    }

    private final byte[] bytes;
    private final Path file;
    private final long size;
    private final boolean ours;

    private StagedText(byte[] bytes, Path file, long size, boolean ours) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.ours = ours;
    }

    /** Reads {@code in} to its end: in memory if it ends within {@code bound} bytes, else into a file. */
    static StagedText read(InputStream in, int bound, Spill spill) throws IOException {
        byte[] head = in.readNBytes(bound + 1);
        if (head.length <= bound) {
            return new StagedText(head, null, head.length, true);
        }
        Path file = spill.file();
        long size;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head);
            size = head.length + in.transferTo(out);
        }
        return new StagedText(null, file, size, true);
    }

    /** A file that is the text already (a {@code .i} source), not the job's to delete. */
    static StagedText of(Path file) throws IOException {
        return new StagedText(null, file, Files.size(file), false);
    }

    long size() {
        return size;
    }

    Payload payload() {
        return bytes != null ? new Payload.Bytes(bytes) : new Payload.InFile(file);
    }

    /** The whole text, read from its file if it spilled. */
    byte[] bytes() throws IOException {
        return bytes != null ? bytes : Files.readAllBytes(file);
    }

    /** Deletes the file it spilled into, if any (kept with {@code DISTCC_SAVE_TEMPS}). */
    void delete(TempFiles temps) {
        if (ours && file != null) {
            temps.delete(file);
        }
    }
}
