package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.SourceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceTreeTest {
    @TempDir
    Path job;

    private SourceTree receive(List<SourceEntry> entries, long maxBytes) throws IOException {
        var out = new ByteArrayOutputStream();
        MessageWriter.writeSourceEntries(out, Compression.LZ4, entries);
        var reader = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
        return SourceTree.receive(reader, Compression.LZ4, job, maxBytes);
    }

    private static SourceEntry.File file(String name, String content) {
        return new SourceEntry.File(name, 1_600_000_000L, new Payload.Bytes(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void recreatesFilesWithTheirTimesAndDirectoriesUnderTheRoot() throws IOException {
        SourceTree tree = receive(
                List.of(file("/home/u/p/x.c", "int x;\n"), new SourceEntry.Directory("/home/u/p/empty")), 1 << 20);
        Path x = job.resolve("root/home/u/p/x.c");
        assertArrayEquals("int x;\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(x));
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(x).toMillis());
        assertTrue(Files.isDirectory(job.resolve("root/home/u/p/empty")));
        assertTrue(tree.isReceived(x));
        assertFalse(tree.isReceived(job.resolve("root/home/u/p/empty")));
        assertEquals(1, tree.fileCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/../../etc/x", "/a/./b", "/a//b", "/a/b/", "/", "/a/.."})
    void refusesNamesThatAreNotNormalAbsolutePaths(String name) {
        var e = assertThrows(ProtocolException.class, () -> receive(List.of(file(name, "x")), 1 << 20));
        assertEquals(ProtocolException.Kind.MALFORMED, e.kind());
        assertFalse(Files.exists(job.resolve("etc")));
    }

    @Test
    void refusesAFileSentTwiceOrUsedAsADirectory() {
        assertThrows(ProtocolException.class, () -> receive(List.of(file("/a/b", "1"), file("/a/b", "2")), 1 << 20));
        assertThrows(ProtocolException.class, () -> receive(List.of(file("/c/d", "1"), file("/c/d/e", "2")), 1 << 20));
    }

    @Test
    void stopsAtTheTotalSizeLimit() {
        var e = assertThrows(
                ProtocolException.class, () -> receive(List.of(file("/a/x", "12345"), file("/a/y", "67890")), 8));
        assertEquals(ProtocolException.Kind.TOO_LARGE, e.kind());
    }

    @Test
    void neverFollowsALinkOutOfTheRoot() throws IOException {
        Path outside = Files.createDirectories(job.resolve("outside"));
        Files.createDirectories(job.resolve("root"));
        Files.createSymbolicLink(job.resolve("root/evil"), outside);
        assertThrows(ProtocolException.class, () -> receive(List.of(file("/evil/x", "1")), 1 << 20));
        assertFalse(Files.exists(outside.resolve("x")));
    }

    @Test
    void refusesAJobDirectoryGccCouldNotMapBack() {
        assertThrows(IllegalArgumentException.class, () -> SourceTree.checkUsableRoot(Path.of("/tmp/a=b/root")));
        assertThrows(IllegalArgumentException.class, () -> SourceTree.checkUsableRoot(Path.of("/tmp/a b/root")));
    }

    @Test
    void pathRemapperCutsOnlyTheRootBeforeASlash() {
        var remapper = new PathRemapper("/tmp/j/root");
        byte[] text = "\u001b[01m\u001b[K/tmp/j/root/usr/include/stdio.h:3:1:\u001b[m /tmp/j/rootx /tmp/j/root/a\n"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(
                "\u001b[01m\u001b[K/usr/include/stdio.h:3:1:\u001b[m /tmp/j/rootx /a\n",
                new String(remapper.strip(text), StandardCharsets.UTF_8));
        byte[] clean = "nothing here\n".getBytes(StandardCharsets.UTF_8);
        assertSame(clean, remapper.strip(clean), "unchanged text is not copied");
    }
}
