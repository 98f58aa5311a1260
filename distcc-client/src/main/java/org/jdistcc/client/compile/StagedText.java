package org.jdistcc.client.compile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.jdistcc.client.job.TempFiles;
import org.jdistcc.protocol.Payload;

/**
 * Preprocessed text that goes out whole, its length first (distcc 3.4's {@code DOTI}): held in
 * memory up to a bound and in a temporary file beyond it (issue 20, "stage in memory up to a bound,
 * then a file"). The usual unit then never touches this machine's disk: no file made, written,
 * read back and deleted per compile. {@code DISTCC_SAVE_TEMPS} keeps it a file, for the user to see.
 * What all compiles of one JVM hold in memory at once is bounded too ({@link #BUDGET}): the agent
 * serves a whole {@code make -j}, and past the budget texts go to files.
 */
final class StagedText {
    /** Text up to this is held in memory: most C units, far from the agent's heap at {@code -j} in the tens. */
    static final int IN_MEMORY = 4 << 20;
    /** The texts held in memory at once by all of this JVM's compiles; a quarter of the agent's heap. */
    static final long BUDGET = 64L << 20;

    private static final AtomicLong HELD = new AtomicLong();

    /** Makes the temporary file the text spills into, registered with the job's {@link TempFiles}. */
    interface Spill {
        Path file() throws IOException;
    }

    private final byte[] bytes;
    private final Path file;
    private final long size;
    private final boolean ours;
    private boolean released;

    private StagedText(byte[] bytes, Path file, long size, boolean ours) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.ours = ours;
    }

    /**
     * Reads {@code in} to its end: in memory if it ends within {@code bound} bytes and the budget has
     * room for that many, else into a file.
     */
    static StagedText read(InputStream in, int bound, TempFiles temps, Spill spill) throws IOException {
        int reserved = reserve(bound);
        byte[] head = null;
        try {
            head = in.readNBytes(reserved + 1);
        } finally {
            // Kept: what the text holds. Anything else, a failure included, goes back.
            HELD.addAndGet(head != null && head.length <= reserved ? head.length - reserved : -reserved);
        }
        if (head.length <= reserved) {
            return new StagedText(head, null, head.length, true);
        }
        Path file = spill.file();
        long size;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head);
            size = head.length + in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            // A full TMPDIR, most likely: no half-written text left behind (unless kept on purpose).
            temps.delete(file);
            throw e;
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

    /** {@code bound} bytes of the budget, or none when it has not that much room left. */
    private static int reserve(int bound) {
        long now = HELD.addAndGet(bound);
        if (now <= BUDGET) {
            return bound;
        }
        HELD.addAndGet(-bound);
        return 0;
    }

    /** What this JVM's texts hold in memory now. */
    static long held() {
        return HELD.get();
    }

    /**
     * The compile is done with the text: the file it spilled into is deleted (kept with {@code
     * DISTCC_SAVE_TEMPS}), and its bytes in memory are given back to the budget.
     */
    synchronized void release(TempFiles temps) {
        if (ours && file != null) {
            temps.delete(file);
        }
        if (bytes != null && !released) {
            released = true;
            HELD.addAndGet(-bytes.length);
        }
    }
}
