package org.jdistcc.client.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    @Test
    void chunksEndAtLineBoundariesWithinPipeBuf() {
        String line = "x".repeat(99) + "\n";
        byte[] text = line.repeat(100).getBytes(StandardCharsets.US_ASCII);
        int end = Diagnostics.chunkEnd(text, 0);
        assertEquals(4000, end, "40 whole lines of 100 bytes fit in 4096");
        assertEquals('\n', text[end - 1]);
        assertEquals(text.length, Diagnostics.chunkEnd(text, text.length - 500));
    }

    @Test
    void aLineLongerThanPipeBufIsCutAtPipeBuf() {
        byte[] text = ("y".repeat(10_000) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(Diagnostics.PIPE_BUF, Diagnostics.chunkEnd(text, 0));
    }
}
