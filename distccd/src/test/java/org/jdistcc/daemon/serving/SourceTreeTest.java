package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdistcc.daemon.cache.CacheBounds;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.protocol.Manifest;
import org.jdistcc.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceTreeTest {
    @TempDir
    Path job;

    @TempDir
    Path cacheDir;

    /** Builds the tree; the files the cache lacks come as the client would send them. */
    private SourceTree receive(
            List<Manifest.Entry> entries, Map<String, String> contents, long maxBytes, FileCache cache)
            throws IOException {
        SourceTree tree = SourceTree.build(new Manifest(true, entries), job, maxBytes, cache);
        for (int index : tree.missing()) {
            tree.receive(index, bytes(contents.get(entries.get(index).name())), cache);
        }
        return tree;
    }

    private SourceTree receive(List<Manifest.Entry> entries, Map<String, String> contents, long maxBytes)
            throws IOException {
        return receive(entries, contents, maxBytes, FileCache.disabled());
    }

    private static Manifest.File file(String name, String content) {
        byte[] bytes = bytes(content);
        return new Manifest.File(name, 1_600_000_000L, bytes.length, FileCache.sha256(bytes));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recreatesFilesWithTheirTimesDirectoriesAndLinksUnderTheRoot() throws IOException {
        SourceTree tree = receive(
                List.of(
                        file("/home/u/p/x.c", "int x;\n"),
                        new Manifest.Directory("/home/u/p/empty"),
                        new Manifest.Link("/home/u/p/alias.c", "/home/u/p/x.c")),
                Map.of("/home/u/p/x.c", "int x;\n"),
                1 << 20);
        Path x = job.resolve("root/home/u/p/x.c");
        assertArrayEquals(bytes("int x;\n"), Files.readAllBytes(x));
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(x).toMillis());
        assertTrue(Files.isDirectory(job.resolve("root/home/u/p/empty")));
        assertEquals(x, Files.readSymbolicLink(job.resolve("root/home/u/p/alias.c")), "a link to the root's copy");
        assertTrue(tree.isReceived(x));
        assertFalse(tree.isReceived(job.resolve("root/home/u/p/empty")));
        assertEquals(1, tree.fileCount());
    }

    @Test
    void takesWhatTheCacheHoldsAndAsksForTheRest() throws IOException {
        FileCache cache = FileCache.open(
                cacheDir.resolve("c"), new CacheBounds(1 << 20, 1000, Duration.ofDays(1)), Clock.systemUTC());
        cache.insert(FileCache.sha256(bytes("int held;\n")), bytes("int held;\n"));
        List<Manifest.Entry> entries = List.of(file("/p/held.c", "int held;\n"), file("/p/new.h", "#define N\n"));

        SourceTree tree = SourceTree.build(new Manifest(false, entries), job, 1 << 20, cache);

        assertEquals(List.of(1), tree.missing());
        assertEquals(1, tree.fromCache());
        tree.receive(1, bytes("#define N\n"), cache);
        assertTrue(cache.holds(FileCache.sha256(bytes("#define N\n"))), "what came is kept for the next job");
        assertArrayEquals(bytes("int held;\n"), Files.readAllBytes(job.resolve("root/p/held.c")));
    }

    @Test
    void refusesAFileThatIsNotWhatItsDigestNames() throws IOException {
        SourceTree tree = SourceTree.build(
                new Manifest(true, List.of(file("/p/x.c", "int x;\n"))), job, 1 << 20, FileCache.disabled());
        var e = assertThrows(ProtocolException.class, () -> tree.receive(0, bytes("int y;\n"), FileCache.disabled()));
        assertEquals(ProtocolException.Kind.MALFORMED, e.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/../../etc/x", "/a/./b", "/a//b", "/a/b/", "/", "/a/.."})
    void refusesNamesThatAreNotNormalAbsolutePaths(String name) {
        var e = assertThrows(
                ProtocolException.class, () -> receive(List.of(file(name, "x")), Map.of(name, "x"), 1 << 20));
        assertEquals(ProtocolException.Kind.MALFORMED, e.kind());
        assertFalse(Files.exists(job.resolve("etc")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "/a/../../etc", "etc"})
    void refusesLinksToAnythingButANormalAbsoluteClientPath(String target) {
        var e = assertThrows(
                ProtocolException.class, () -> receive(List.of(new Manifest.Link("/a/l", target)), Map.of(), 1 << 20));
        assertEquals(ProtocolException.Kind.MALFORMED, e.kind());
    }

    @Test
    void refusesAFileSentTwiceOrUsedAsADirectory() {
        assertThrows(
                ProtocolException.class,
                () -> receive(List.of(file("/a/b", "1"), file("/a/b", "2")), Map.of("/a/b", "1"), 1 << 20));
        assertThrows(
                ProtocolException.class,
                () -> receive(
                        List.of(file("/c/d", "1"), file("/c/d/e", "2")), Map.of("/c/d", "1", "/c/d/e", "2"), 1 << 20));
    }

    @Test
    void refusesAFileWhereADirectoryOrLinkIsWhetherCachedOrSent() throws IOException {
        FileCache cache = FileCache.open(
                cacheDir.resolve("c"), new CacheBounds(1 << 20, 1000, Duration.ofDays(1)), Clock.systemUTC());
        cache.insert(FileCache.sha256(bytes("int held;\n")), bytes("int held;\n"));
        for (FileCache files : List.of(cache, FileCache.disabled())) {
            for (Manifest.Entry first :
                    List.of(new Manifest.Directory("/p/d"), new Manifest.Link("/p/d", "/p/elsewhere.c"))) {
                JobDirs.deleteTree(job.resolve("root"));
                var e = assertThrows(
                        ProtocolException.class,
                        () -> receive(
                                List.of(first, file("/p/d", "int held;\n")),
                                Map.of("/p/d", "int held;\n"),
                                1 << 20,
                                files));
                assertEquals(ProtocolException.Kind.MALFORMED, e.kind(), first + " " + e.getMessage());
            }
        }
    }

    /**
     * A cached file's first copy after a restart is checked as it is copied; it too is made new, and
     * never written through a link the manifest made under another name for the same place.
     */
    @Test
    void aFileFromACacheOfAnEarlierRunIsMadeNewToo() throws IOException {
        Path dir = cacheDir.resolve("c");
        var bounds = new CacheBounds(1 << 20, 1000, Duration.ofDays(1));
        FileCache.open(dir, bounds, Clock.systemUTC())
                .insert(FileCache.sha256(bytes("int held;\n")), bytes("int held;\n"));
        FileCache reopened = FileCache.open(dir, bounds, Clock.systemUTC());
        var e = assertThrows(
                ProtocolException.class,
                () -> receive(
                        List.of(
                                new Manifest.Directory("/a"),
                                new Manifest.Directory("/c"),
                                new Manifest.Link("/x", "/a"),
                                new Manifest.Link("/x/b", "/c/e.h"),
                                file("/a/b", "int held;\n")),
                        Map.of(),
                        1 << 20,
                        reopened));
        assertEquals(ProtocolException.Kind.MALFORMED, e.kind(), e.getMessage());
        assertFalse(
                Files.exists(job.resolve("root/c/e.h"), LinkOption.NOFOLLOW_LINKS), "nothing made through the link");
        JobDirs.deleteTree(job.resolve("root"));
        var directory = assertThrows(
                ProtocolException.class,
                () -> receive(
                        List.of(new Manifest.Directory("/d"), file("/d", "int held;\n")),
                        Map.of(),
                        1 << 20,
                        FileCache.open(dir, bounds, Clock.systemUTC())));
        assertEquals(ProtocolException.Kind.MALFORMED, directory.kind(), directory.getMessage());
    }

    @Test
    void aLinkToADirectoryInsideTheRootHoldsFilesAndOneOutsideIsRefused() throws IOException {
        receive(
                List.of(
                        new Manifest.Directory("/usr/include/real"),
                        new Manifest.Link("/usr/include/alias", "/usr/include/real"),
                        file("/usr/include/alias/x.h", "int x;\n")),
                Map.of("/usr/include/alias/x.h", "int x;\n"),
                1 << 20);
        assertArrayEquals(bytes("int x;\n"), Files.readAllBytes(job.resolve("root/usr/include/real/x.h")));
        JobDirs.deleteTree(job.resolve("root"));
        var dangling = assertThrows(
                ProtocolException.class,
                () -> receive(
                        List.of(new Manifest.Link("/a", "/nowhere"), file("/a/x.h", "1")),
                        Map.of("/a/x.h", "1"),
                        1 << 20));
        assertTrue(dangling.getMessage().contains("leads to no directory"), dangling.getMessage());
    }

    @Test
    void stopsAtTheTotalSizeLimitBeforeMakingAnything() {
        var e = assertThrows(
                ProtocolException.class,
                () -> receive(List.of(file("/a/x", "12345"), file("/a/y", "67890")), Map.of(), 8));
        assertEquals(ProtocolException.Kind.TOO_LARGE, e.kind());
        assertFalse(Files.exists(job.resolve("root/a")));
    }

    @Test
    void neverFollowsALinkOutOfTheRoot() throws IOException {
        Path outside = Files.createDirectories(job.resolve("outside"));
        Files.createDirectories(job.resolve("root"));
        Files.createSymbolicLink(job.resolve("root/evil"), outside);
        assertThrows(
                ProtocolException.class, () -> receive(List.of(file("/evil/x", "1")), Map.of("/evil/x", "1"), 1 << 20));
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
