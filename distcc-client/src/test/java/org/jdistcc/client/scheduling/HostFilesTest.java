package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-host files: whole-file replacement, and every read seeing the newest version. */
class HostFilesTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileReadsAsNothing() {
        assertTrue(
                new HostFiles(dir.resolve("speeds")).read("tcp_10.0.0.1_3632").isEmpty());
    }

    @Test
    void everyReadSeesTheNewestVersionWhoeverWroteIt() throws Exception {
        var files = new HostFiles(dir);
        files.write("h", Map.of("a", "1"));
        assertEquals(Map.of("a", "1"), files.read("h"));
        assertEquals(Map.of("a", "1"), files.read("h"), "the same version, read again");

        new HostFiles(dir).write("h", Map.of("a", "2")); // another client of the user
        assertEquals(Map.of("a", "2"), files.read("h"));

        Files.writeString(dir.resolve("h"), "a=3\nb=x\n"); // rewritten in place, a longer file
        assertEquals(Map.of("a", "3", "b", "x"), files.read("h"));

        Files.delete(dir.resolve("h"));
        assertTrue(files.read("h").isEmpty());
    }

    @Test
    void linesThatWouldBreakTheFormatAreDropped() {
        var files = new HostFiles(dir);
        files.write("h", Map.of("ok", "1", "bad=key", "2", "multi", "x\ny"));
        assertEquals(Map.of("ok", "1"), files.read("h"));
    }
}
