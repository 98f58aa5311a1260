package org.jdistcc.client.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.job.TempFiles;
import org.jdistcc.client.job.TestJob;
import org.jdistcc.protocol.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preprocessed text held in memory up to a bound, in the job's temporary file beyond it, and in
 * files too while this JVM's texts fill the memory budget.
 */
class StagedTextTest {
    @TempDir
    Path dir;

    final TempFiles temps = new TestJob(Path.of("/"), Map.of()).temps();

    private StagedText stage(byte[] text, int bound) throws IOException {
        return StagedText.read(
                new ByteArrayInputStream(text),
                bound,
                temps,
                () -> temps.register(Files.createTempFile(dir, "distcc_", ".i")));
    }

    private static byte[] text(int size) {
        byte[] text = new byte[size];
        Arrays.fill(text, (byte) 'x');
        text[size - 1] = '\n';
        return text;
    }

    @Test
    void textWithinTheBoundStaysInMemory() throws IOException {
        byte[] text = text(1000);
        StagedText staged = stage(text, 1000);
        assertEquals(1000, staged.size());
        assertArrayEquals(
                text, assertInstanceOf(Payload.Bytes.class, staged.payload()).content());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written to disk");
        }
        long before = StagedText.held();
        staged.release(temps);
        staged.release(temps);
        assertEquals(before - 1000, StagedText.held(), "given back to the budget, once");
    }

    @Test
    void aSpillThatCannotBeWrittenLeavesNoFileAndNothingHeld() {
        long before = StagedText.held();
        Path spilled = dir.resolve("distcc_x.i");
        var failing = new InputStream() {
            int left = 2000;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'x';
                }
                throw new IOException("no space left on device");
            }
        };
        IOException e = assertThrows(
                IOException.class,
                () -> StagedText.read(failing, 1000, temps, () -> temps.register(Files.createFile(spilled))));
        assertEquals("no space left on device", e.getMessage());
        assertFalse(Files.exists(spilled), "the half-written text is deleted");
        assertEquals(before, StagedText.held());
    }

    @Test
    void textPastTheBoundSpillsWholeIntoAFileThatDeleteRemoves() throws IOException {
        byte[] text = text(1001);
        StagedText staged = stage(text, 1000);
        assertEquals(1001, staged.size());
        Path file = assertInstanceOf(Payload.InFile.class, staged.payload()).path();
        assertArrayEquals(text, Files.readAllBytes(file));
        assertArrayEquals(text, staged.bytes());
        staged.release(temps);
        assertFalse(Files.exists(file));
    }

    @Test
    void aBoundOfNothingPutsAnyTextInAFile() throws IOException {
        // DISTCC_SAVE_TEMPS: the user looks for the .i file.
        StagedText some = stage(text(10), 0);
        assertInstanceOf(Payload.InFile.class, some.payload());
        assertEquals(10, some.size());
    }

    @Test
    void aSourceThatIsTextAlreadyIsNeverDeleted() throws IOException {
        Path source = Files.write(dir.resolve("given.i"), text(20));
        StagedText staged = StagedText.of(source);
        assertEquals(20, staged.size());
        staged.release(temps);
        assertTrue(Files.exists(source));
    }

    @Test
    void pastTheBudgetTextsGoToFilesUntilOthersAreDone() throws IOException {
        byte[] text = text(StagedText.IN_MEMORY);
        List<StagedText> held = new ArrayList<>();
        try {
            StagedText next = stage(text, StagedText.IN_MEMORY);
            for (int i = 0; i < 20 && next.payload() instanceof Payload.Bytes; i++) {
                held.add(next);
                next = stage(text, StagedText.IN_MEMORY);
            }
            assertInstanceOf(Payload.InFile.class, next.payload(), "the budget ran out");
            assertTrue(held.size() >= 8, "held " + held.size() + " texts of 4 MiB before it did");
            assertTrue(StagedText.held() <= StagedText.BUDGET, StagedText.held() + " held");
            next.release(temps);
            held.removeFirst().release(temps);
            next = stage(text, StagedText.IN_MEMORY);
            held.add(next);
            assertInstanceOf(Payload.Bytes.class, next.payload(), "room again once a compile is done with its text");
        } finally {
            held.forEach(t -> t.release(temps));
        }
    }
}
