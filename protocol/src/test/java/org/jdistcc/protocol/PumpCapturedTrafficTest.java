package org.jdistcc.protocol;

import static org.jdistcc.protocol.CapturedTrafficTest.capture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocol 3 as distcc 3.4's pump client (its include server choosing the files) and Debian's
 * distccd exchanged it, compiling {@code captures/pump/src/hello.c} with headers in two directories
 * and a link ({@code captures/README.md}).
 */
class PumpCapturedTrafficTest {
    private static final List<String> HELLO_ARGV =
            List.of("x86_64-linux-gnu-gcc", "-MD", "-Iinc", "-c", "src/hello.c", "-o", "hello.o", "-MT", "hello.o");

    /** Where each system directory's link climbs to: past any server root, then down again. */
    private static String upAndBackTo(String directory, int ups) {
        return "../".repeat(ups) + directory.substring(1);
    }

    @TempDir
    Path dir;

    @Test
    void readsThePumpHeadWithTheClientsWorkingDirectory() throws IOException {
        var reader = reader("pump-hello.request");
        Request head = reader.readRequest();
        assertEquals(ProtocolVersion.PUMP, head.version());
        assertEquals("/tmp/pumpcap", head.cwd());
        assertEquals(HELLO_ARGV, head.argv(), "the client's -MT is added for the .d it wants back");
    }

    @Test
    void readsEveryFileAndLinkTheIncludeServerChose() throws IOException {
        var stream = new ByteArrayInputStream(capture("pump-hello.request"));
        var reader = new MessageReader(stream, Limits.DEFAULT);
        reader.readRequest();
        List<PumpEntry> entries = readEntries(reader);
        assertEquals(0, stream.available(), "nothing follows the last entry");
        List<String> names = entries.stream().map(PumpEntry::name).toList();
        assertEquals(
                List.of(
                        "/tmp/pumpcap/src/hello.c",
                        "/tmp/pumpcap/inc/sub/c.h",
                        "/tmp/pumpcap/inc/a.h",
                        "/tmp/pumpcap/inc/sub/b.h",
                        "/usr/lib/gcc/x86_64-linux-gnu/12/include",
                        "/usr/local/include",
                        "/usr/include",
                        "/tmp/pumpcap/inc/alias.h",
                        "/tmp/pumpcap/src/forcing_technique_271828",
                        "/tmp/pumpcap/inc/forcing_technique_271828",
                        "/tmp/pumpcap/inc/sub/forcing_technique_271828"),
                names);
        for (String source : List.of("src/hello.c", "inc/sub/c.h", "inc/a.h", "inc/sub/b.h")) {
            var file = assertInstanceOf(PumpEntry.File.class, entry(entries, "/tmp/pumpcap/" + source));
            assertArrayEquals(capture("pump/" + source), Files.readAllBytes(((Payload.InFile) file.content()).path()));
        }
        assertEquals(
                new PumpEntry.Link(
                        "/usr/lib/gcc/x86_64-linux-gnu/12/include",
                        upAndBackTo("/usr/lib/gcc/x86_64-linux-gnu/12/include", 26)),
                entry(entries, "/usr/lib/gcc/x86_64-linux-gnu/12/include"));
        assertEquals(
                new PumpEntry.Link("/usr/include", upAndBackTo("/usr/include", 22)), entry(entries, "/usr/include"));
        assertEquals(
                new PumpEntry.Link("/tmp/pumpcap/inc/alias.h", "/tmp/pumpcap/inc/sub/c.h"),
                entry(entries, "/tmp/pumpcap/inc/alias.h"),
                "the client's relative link travels resolved, as an absolute client path");
        var forcing = (PumpEntry.File) entry(entries, "/tmp/pumpcap/inc/forcing_technique_271828");
        assertEquals(
                0, Files.size(((Payload.InFile) forcing.content()).path()), "an empty FILE makes a directory exist");
    }

    @Test
    void readsTheObjectAndTheDependenciesOfASuccessfulCompile() throws IOException {
        Path object = dir.resolve("hello.o");
        Reply reply = reader("pump-hello.reply").readReply(ProtocolVersion.PUMP, object, dir);
        assertEquals(0, reply.waitStatus());
        assertArrayEquals(capture("pump-hello.o"), Files.readAllBytes(object));
        byte[] deps = ((Payload.Bytes) reply.deps()).content();
        assertArrayEquals(capture("pump-hello.d"), deps);
        String text = new String(deps, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("hello.o: src/hello.c "), "the server's root and object name are gone: " + text);
        assertTrue(text.contains(" inc/a.h inc/sub/b.h \\\n inc/alias.h"), text);
    }

    @Test
    void aFailedCompileEndsAfterAnEmptyObjectWithoutDependencies() throws IOException {
        Reply reply = reader("pump-broken.reply").readReply(ProtocolVersion.PUMP, dir.resolve("x.o"), dir);
        assertEquals(1, reply.exitStatus());
        assertNull(reply.deps());
        String stderr = new String(((Payload.Bytes) reply.stderr()).content(), StandardCharsets.UTF_8);
        assertTrue(stderr.startsWith("src/broken.c: In function ‘broken’:"), stderr);

        var written = new ByteArrayOutputStream();
        MessageWriter.writeReply(written, reply);
        byte[] captured = capture("pump-broken.reply");
        String tail = new String(captured, captured.length - 24, 24, StandardCharsets.US_ASCII);
        assertEquals("SOUT00000000DOTO00000000", tail, "distcc 3.4 sends DOTO 0 and no DOTD");
        assertTrue(new String(written.toByteArray(), StandardCharsets.ISO_8859_1).endsWith(tail));
    }

    @Test
    void writesAPumpRequestWithTheSameHeadNamesAndLinks() throws IOException {
        var reader = reader("pump-hello.request");
        Request head = reader.readRequest();
        List<PumpEntry> entries = readEntries(reader);

        var out = new ByteArrayOutputStream();
        MessageWriter.writeRequest(out, head);
        int headLength = out.size();
        MessageWriter.writePumpEntries(out, Compression.LZO, entries);
        byte[] written = out.toByteArray();
        byte[] captured = capture("pump-hello.request");
        assertArrayEquals(Arrays.copyOf(captured, headLength), Arrays.copyOf(written, headLength));
        // FILE bodies differ: distcc uses liblzo's lzo1x_1, we another LZO1X encoder. Every other
        // element, and every decompressed body, is the same.
        var again = new MessageReader(new ByteArrayInputStream(written), Limits.DEFAULT);
        assertEquals(head, again.readRequest());
        List<PumpEntry> reread = readEntries(again);
        assertEquals(entries.size(), reread.size());
        for (int i = 0; i < entries.size(); i++) {
            switch (entries.get(i)) {
                case PumpEntry.Link link -> assertEquals(link, reread.get(i));
                case PumpEntry.File file -> {
                    var copy = assertInstanceOf(PumpEntry.File.class, reread.get(i));
                    assertEquals(file.name(), copy.name());
                    assertArrayEquals(content(file), content(copy));
                }
            }
        }
    }

    private MessageReader reader(String capture) throws IOException {
        return new MessageReader(new ByteArrayInputStream(capture(capture)), Limits.DEFAULT);
    }

    private List<PumpEntry> readEntries(MessageReader reader) throws IOException {
        int count = reader.readPumpEntryCount();
        List<PumpEntry> entries = new ArrayList<>();
        Path files = Files.createTempDirectory(dir, "entries");
        for (int i = 0; i < count; i++) {
            int index = i;
            entries.add(reader.readPumpEntry(Compression.LZO, 1 << 20, name -> files.resolve("f" + index)));
        }
        return entries;
    }

    private static PumpEntry entry(List<PumpEntry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static byte[] content(PumpEntry.File file) throws IOException {
        return Files.readAllBytes(((Payload.InFile) file.content()).path());
    }
}
