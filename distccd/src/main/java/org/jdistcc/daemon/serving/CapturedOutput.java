package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A compiler's stdout or stderr as captured in the job directory, bounded for the reply: a compiler
 * made to print gigabytes must not make the daemon hold them.
 */
final class CapturedOutput {
    private CapturedOutput() {}

    /** At most {@code max} bytes of the file, with a note when there was more; empty if it is missing. */
    static byte[] read(Path file, int max) throws IOException {
        if (!Files.exists(file)) {
            return new byte[0];
        }
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(max);
            if (size <= max) {
                return head;
            }
            byte[] note = ("\n[distccd: output truncated after " + max + " of " + size + " bytes]\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] both = new byte[head.length + note.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(note, 0, both, head.length, note.length);
            return both;
        }
    }
}
