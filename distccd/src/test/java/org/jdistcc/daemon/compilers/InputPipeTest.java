package org.jdistcc.daemon.compilers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named pipe as a compiler's input, with a shell command in the compiler's place: whenever it opens
 * the pipe, and whether it reads it at all, the writer finishes and the reader sees exactly what was
 * written, then its end.
 */
class InputPipeTest {
    @TempDir
    Path dir;

    @BeforeEach
    void pipesCanBeMade() {
        assertTrue(InputPipe.available(), "mkfifo through the FFM API");
    }

    /** Starts {@code script} in {@code dir}; the pipe learns when it exits, as a compiler's would. */
    private Process reader(InputPipe pipe, String script) throws Exception {
        Process process =
                new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).start();
        process.onExit().thenRun(pipe::compilerExited);
        return process;
    }

    private static byte[] content(int size) {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        return content;
    }

    @Test
    void aReaderThatOpensAfterEverythingWasWrittenReadsItAllThenItsEnd() throws Exception {
        try (var pipe = InputPipe.create(dir.resolve("x.i"))) {
            Process cat = reader(pipe, "sleep 0.3; cat x.i > copy");
            byte[] text = content(1000);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                pipe.output().write(text);
                pipe.finish();
                assertEquals(0, cat.waitFor());
            });
            assertArrayEquals(text, Files.readAllBytes(dir.resolve("copy")));
        }
    }

    @Test
    void anEmptyInputIsAnEndOfFileWheneverTheReaderOpens() throws Exception {
        try (var pipe = InputPipe.create(dir.resolve("x.i"))) {
            Process cat = reader(pipe, "sleep 0.3; cat x.i > copy");
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                pipe.finish();
                assertEquals(0, cat.waitFor());
            });
            assertEquals(0, Files.size(dir.resolve("copy")));
        }
    }

    @Test
    void aLargeInputFlowsThroughWhileTheReaderReads() throws Exception {
        try (var pipe = InputPipe.create(dir.resolve("x.i"))) {
            Process cat = reader(pipe, "cat x.i > copy");
            byte[] text = content(5 << 20);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int at = 0; at < text.length; at += 65536) {
                    pipe.output().write(text, at, Math.min(65536, text.length - at));
                }
                pipe.finish();
                assertEquals(0, cat.waitFor());
            });
            assertArrayEquals(text, Files.readAllBytes(dir.resolve("copy")));
        }
    }

    @Test
    void aReaderThatExitsWithoutReadingLeavesNoWriteWaiting() throws Exception {
        try (var pipe = InputPipe.create(dir.resolve("x.i"))) {
            Process quitter = reader(pipe, "head -c 10 x.i > copy");
            byte[] text = content(3 << 20);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                pipe.output().write(text);
                pipe.finish();
                quitter.waitFor();
            });
            assertArrayEquals(Arrays.copyOf(text, 10), Files.readAllBytes(dir.resolve("copy")));
        }
    }
}
