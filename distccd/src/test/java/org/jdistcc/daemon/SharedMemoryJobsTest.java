package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon started without {@code TMPDIR} makes its job directories on {@code /dev/shm}, and its
 * default sandbox still compiles there: a source-mode job with a header of the client's gives the
 * object a local compile gives.
 */
class SharedMemoryJobsTest {
    @TempDir
    Path dir;

    @Test
    void withoutTmpdirASourceModeJobRunsOnSharedMemory() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"), "no tmpfs /dev/shm");
        Files.writeString(dir.resolve("answer.h"), "#define ANSWER 42\n");
        Files.writeString(dir.resolve("main.c"), "#include \"answer.h\"\nint answer(void) { return ANSWER; }\n");
        var local = CommandRunner.in(dir).run("gcc", "-c", "main.c", "-o", "local.o");
        assertEquals(0, local.exitCode(), local.toString());
        Path out = Files.createDirectories(dir.resolve("out"));

        // Run as root, the daemon serves as nobody: its file cache must be somewhere nobody writes.
        Path cache = SharedDirectory.create("jdistccd-test-cache-");
        try (RunningDaemon daemon = DaemonSetup.ours()
                .environment("TMPDIR", "")
                .args("--file-cache-dir", cache.resolve("files").toString())
                .start()) {
            RawClient.Outcome outcome = RawClient.compileSources(
                    daemon.port(),
                    List.of("gcc", "-c", "main.c", "-o", "main.o"),
                    "/home/client/project",
                    Map.of(
                            "/home/client/project/main.c", dir.resolve("main.c"),
                            "/home/client/project/answer.h", dir.resolve("answer.h")),
                    out);

            assertFalse(outcome.closed(), outcome.closeReason());
            assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
            assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(out.resolve("reply.o")));
            assertTrue(daemon.log().contains("job directories in /dev/shm"), daemon.log());
        } finally {
            SharedDirectory.deleteTree(cache);
        }
    }
}
