package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.PumpEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PumpTreeTest {
    private static final Set<String> SYSTEM = Set.of("/usr/include");
    private static final String UP = "../".repeat(24);

    @TempDir
    Path temp;

    Path root;
    Path outside;
    ByteArrayInputStream stream;

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createDirectory(temp.resolve("distccd_Ab12Cd"));
        outside = Files.createDirectory(temp.resolve("outside"));
    }

    private static PumpEntry file(String name, String content) {
        return new PumpEntry.File(name, new Payload.Bytes(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static PumpEntry link(String name, String target) {
        return new PumpEntry.Link(name, target);
    }

    private Path receive(String cwd, long maxBytes, PumpEntry... entries) throws IOException, Refusal {
        var out = new ByteArrayOutputStream();
        MessageWriter.writePumpEntries(out, Compression.LZO, List.of(entries));
        stream = new ByteArrayInputStream(out.toByteArray());
        return PumpTree.receive(new MessageReader(stream, Limits.DEFAULT), Compression.LZO, root, cwd, maxBytes, SYSTEM)
                .cwd();
    }

    @Test
    void recreatesFilesAndLinksUnderTheRoot() throws Exception {
        Path cwd = receive(
                "/home/u/proj",
                1 << 20,
                file("/home/u/proj/src/x.c", "#include \"a.h\"\n"),
                file("/home/u/proj/inc/a.h", "#define A 1\n"),
                file("/home/u/proj/inc/forcing_technique_271828", ""),
                link("/home/u/proj/inc/alias.h", "/home/u/proj/inc/a.h"),
                link("/home/u/proj/inc/rel.h", "a.h"),
                link("/usr/include", UP + "usr/include"));
        assertEquals(root.resolve("home/u/proj"), cwd);
        assertTrue(Files.isDirectory(cwd));
        assertEquals("#define A 1\n", Files.readString(root.resolve("home/u/proj/inc/a.h")));
        assertEquals("#define A 1\n", Files.readString(root.resolve("home/u/proj/inc/alias.h")));
        assertEquals(
                root.resolve("home/u/proj/inc/a.h"),
                Files.readSymbolicLink(root.resolve("home/u/proj/inc/alias.h")),
                "an absolute target is put under the root");
        assertEquals(Path.of("a.h"), Files.readSymbolicLink(root.resolve("home/u/proj/inc/rel.h")));
        assertEquals(
                Path.of("/usr/include"),
                Files.readSymbolicLink(root.resolve("usr/include")),
                "the include server's link to a default directory leads to this machine's own");
        assertEquals(0, stream.available());
    }

    @Test
    void theWorkingDirectoryIsMadeEvenWithoutFilesInIt() throws Exception {
        assertTrue(Files.isDirectory(receive("/build/out", 100)));
        assertEquals(root, receive("/", 100));
    }

    /** Each case: the refusal names what was refused, nothing lands outside the root, the request is read to its end. */
    private void assertRefused(String expected, String cwd, PumpEntry... entries) throws IOException {
        List<PumpEntry> all = new ArrayList<>(List.of(entries));
        all.add(file("/home/u/after.h", "read but not made"));
        Refusal refusal = assertThrows(Refusal.class, () -> receive(cwd, 1 << 20, all.toArray(PumpEntry[]::new)));
        assertTrue(refusal.getMessage().contains(expected), refusal.getMessage());
        assertEquals(0, stream.available(), "the rest of the request was read");
        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(0, left.count(), "nothing was written outside the root");
        }
    }

    @Test
    void refusesNamesThatAreNotNormal() throws IOException {
        assertRefused("not an absolute, normal file name", "/home/u", file("/home/u/../../outside/x", "x"));
        assertRefused("not an absolute, normal file name", "/home/u", file("/home/./u/x", "x"));
        assertRefused("not an absolute, normal file name", "/home/u", link("/", "/tmp"));
        assertRefused("working directory", "/home/u/../..", file("/home/u/x.c", "x"));
    }

    @Test
    void entriesAfterARefusalAreReadButNotMade() throws IOException {
        assertRefused("not an absolute, normal file name", "/home/u", file("/home/u/../x", "x"));
        assertFalse(Files.exists(root.resolve("home/u/after.h")));
    }

    @Test
    void refusesANameSentTwice() throws IOException {
        assertRefused("sent twice", "/home/u", file("/home/u/x.h", "a"), file("/home/u/x.h", "b"));
        assertRefused("sent twice", "/home/u", file("/home/u/x.h", "a"), link("/home/u/x.h", "/home/u/y.h"));
        assertRefused("is a directory", "/home/u", file("/home/u", "a"));
    }

    @Test
    void neverWritesThroughALink() throws IOException {
        Path target = outside.toAbsolutePath();
        assertRefused(
                "is a link",
                "/home/u",
                link("/home/u/out", "/home/u/real"),
                file("/home/u/out/x.h", "through the link"));
        assertRefused("is a link", "/home/u", link("/usr/include", UP + "usr/include"), file("/usr/include/x.h", "x"));
        assertRefused("is a link or a file", "/home/u", file("/home/u/f", "x"), file("/home/u/f/x.h", "x"));
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void refusesLinksLeavingTheRoot() throws IOException {
        assertRefused("leaves the job's root", "/home/u", link("/home/u/a.h", "/../../outside/a.h"));
        assertRefused("leaves the job's root", "/home/u", link("/home/u/a.h", "../../../outside/a.h"));
        assertRefused("leaves the job's root", "/home/u", link("/etc", UP + "etc"));
        assertRefused("leaves the job's root", "/home/u", link("/usr/include/sys", UP + "usr/include/sys"));
        assertRefused("leaves the job's root", "/home/u", link("/usr/include", UP + "usr/lib"));
    }

    @Test
    void refusesAChainOfLinksThatLeadsOutside() throws IOException {
        assertRefused(
                "resolves outside the job's root",
                "/home/u",
                link("/usr/include", UP + "usr/include"),
                link("/home/u/sys", "/usr/include"),
                link("/home/u/esc", "sys/../../../etc"));
    }

    @Test
    void boundsTheTotalSizeOfTheFiles() {
        var e = assertThrows(
                ProtocolException.class,
                () -> receive("/home/u", 10, file("/home/u/a.h", "123456"), file("/home/u/b.h", "123456")));
        assertEquals(ProtocolException.Kind.TOO_LARGE, e.kind());
    }
}
