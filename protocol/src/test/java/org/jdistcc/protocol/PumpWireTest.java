package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Protocol 3's request entries and its reply's DOTD: round trips, and what the reader refuses. */
class PumpWireTest {
    @TempDir
    Path dir;

    private final AtomicInteger placed = new AtomicInteger();

    private Path place(String name) {
        return dir.resolve("entry" + placed.incrementAndGet());
    }

    @Test
    void filesAndLinksSurviveWriteThenRead() throws IOException {
        byte[] big = RoundTripTest.sourceLikeBytes(200_000);
        Path bigFile = dir.resolve("big.h");
        Files.write(bigFile, big);
        var head = new Request(ProtocolVersion.PUMP, "/home/u/proj", List.of("gcc", "-Iinc", "-c", "x.c"));
        List<PumpEntry> entries = List.of(
                new PumpEntry.File("/home/u/proj/x.c", new Payload.Bytes(bytes("#include \"big.h\"\n"))),
                new PumpEntry.File("/home/u/proj/inc/big.h", new Payload.InFile(bigFile)),
                new PumpEntry.File("/home/u/proj/inc/forcing_technique_271828", Payload.EMPTY),
                new PumpEntry.Link("/home/u/proj/inc/alias.h", "/home/u/proj/inc/big.h"),
                new PumpEntry.Link("/usr/include", "../../../../usr/include"));
        var out = new ByteArrayOutputStream();
        MessageWriter.writeRequest(out, head);
        MessageWriter.writePumpEntries(out, ProtocolVersion.PUMP.compression(), entries);
        String wire = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
        assertEquals(0, wire.indexOf("DIST00000003CDIR0000000c/home/u/projARGC00000004"));
        assertEquals(true, wire.contains("NAME00000018/home/u/proj/inc/alias.hLINK00000016/home/u/proj/inc/big.h"));
        assertEquals(true, wire.contains("forcing_technique_271828FILE00000000"), "an empty file is an empty body");

        var reader = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
        assertEquals(head, reader.readRequest());
        assertEquals(5, reader.readPumpEntryCount());
        assertArrayEquals(
                bytes("#include \"big.h\"\n"), contentOf(reader.readPumpEntry(Compression.LZO, 1 << 20, this::place)));
        assertArrayEquals(big, contentOf(reader.readPumpEntry(Compression.LZO, 1 << 20, this::place)));
        assertArrayEquals(new byte[0], contentOf(reader.readPumpEntry(Compression.LZO, 1 << 20, this::place)));
        assertEquals(entries.get(3), reader.readPumpEntry(Compression.LZO, 1 << 20, this::place));
        assertEquals(entries.get(4), reader.readPumpEntry(Compression.LZO, 1 << 20, this::place));
        assertEquals(3, placed.get(), "links take no place");
    }

    @Test
    void aSuccessfulReplyCarriesTheDependenciesAfterTheObject() throws IOException {
        byte[] object = RoundTripTest.sourceLikeBytes(5000);
        byte[] deps = bytes("x.o: x.c inc/big.h\n");
        var out = new ByteArrayOutputStream();
        MessageWriter.writeReply(
                out,
                new Reply(
                        ProtocolVersion.PUMP,
                        0,
                        Payload.EMPTY,
                        Payload.EMPTY,
                        new Payload.Bytes(object),
                        new Payload.Bytes(deps),
                        List.of()));
        var reader = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
        Reply reply = reader.readReply(ProtocolVersion.PUMP, dir.resolve("x.o"), dir);
        assertArrayEquals(object, Files.readAllBytes(dir.resolve("x.o")));
        assertArrayEquals(deps, ((Payload.Bytes) reply.deps()).content());
    }

    @Test
    void aFailedReplyHasNoDependencies() throws IOException {
        var out = new ByteArrayOutputStream();
        MessageWriter.writeReply(
                out,
                new Reply(
                        ProtocolVersion.PUMP,
                        0x100,
                        new Payload.Bytes(bytes("x.c:1: error\n")),
                        Payload.EMPTY,
                        Payload.EMPTY,
                        new Payload.Bytes(bytes("ignored")),
                        List.of()));
        String wire = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
        assertEquals(true, wire.endsWith("DOTO00000000"), wire);
        Reply reply = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT)
                .readReply(ProtocolVersion.PUMP, dir.resolve("x.o"), dir);
        assertNull(reply.deps());
    }

    /** One entry after {@code NFIL00000001}, with limits of 16 files, 256-byte names, 1 MiB bodies. */
    static ProtocolException.Kind kindOfEntry(String wire, long maxSize) {
        byte[] bytes = ("NFIL00000001" + wire.strip()).replace("\\0", "\0").getBytes(StandardCharsets.ISO_8859_1);
        var reader = new MessageReader(new ByteArrayInputStream(bytes), MalformedInputTest.SMALL);
        return assertThrows(ProtocolException.class, () -> {
                    reader.readPumpEntryCount();
                    reader.readPumpEntry(Compression.LZO, maxSize, name -> Files.createTempFile("pump", ".h"));
                })
                .kind();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "relative name             | NAME00000005a/b.hFILE00000000                         | MALFORMED",
                "name too long             | NAME00000101/                                         | TOO_LARGE",
                "NUL in name               | NAME00000004/a\\0bFILE00000000                        | MALFORMED",
                "stream ends after NAME    | NAME00000004/a.h                                      | TRUNCATED",
                "DOTI instead of FILE      | NAME00000004/a.hDOTI00000000                          | UNEXPECTED_TOKEN",
                "NEED of source mode       | NAME00000004/a.hNEED00000000                          | UNEXPECTED_TOKEN",
                "garbage instead of FILE   | NAME00000004/a.hfile00000000                          | MALFORMED",
                "empty link target         | NAME00000004/a.hLINK00000000                          | MALFORMED",
                "link target too long      | NAME00000004/a.hLINK00000101                          | TOO_LARGE",
                "NUL in link target        | NAME00000004/a.hLINK00000003b\\0c                     | MALFORMED",
                "link target past stream   | NAME00000004/a.hLINK00000010b.h                       | TRUNCATED",
                "file past its stream      | NAME00000004/a.hFILE00000010abc                       | TRUNCATED",
                "file body not LZO         | NAME00000004/a.hFILE00000004abcd                      | BAD_COMPRESSION",
                "file body beyond limits   | NAME00000004/a.hFILEffffffff                          | TOO_LARGE",
            })
    void refusesMalformedEntries(String description, String wire, ProtocolException.Kind expected) {
        assertEquals(expected, kindOfEntry(wire, 1 << 20), description);
    }

    @Test
    void countsBeyondTheLimitAreRefusedBeforeAnyEntryIsRead() {
        for (String count : List.of("00000011", "ffffffff")) {
            var reader = new MessageReader(
                    new ByteArrayInputStream(("NFIL" + count).getBytes(StandardCharsets.US_ASCII)),
                    MalformedInputTest.SMALL);
            assertEquals(
                    ProtocolException.Kind.TOO_LARGE,
                    assertThrows(ProtocolException.class, reader::readPumpEntryCount)
                            .kind(),
                    count);
        }
    }

    @Test
    void aFileLargerThanTheBudgetLeftIsRefused() throws IOException {
        var out = new ByteArrayOutputStream();
        MessageWriter.writePumpEntries(
                out,
                Compression.LZO,
                List.of(new PumpEntry.File("/a.h", new Payload.Bytes(RoundTripTest.sourceLikeBytes(10_000)))));
        var reader = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
        reader.readPumpEntryCount();
        var e = assertThrows(ProtocolException.class, () -> reader.readPumpEntry(Compression.LZO, 9_999, this::place));
        assertEquals(ProtocolException.Kind.TOO_LARGE, e.kind(), e.getMessage());
    }

    @Test
    void theReceiverMayRefuseANameBeforeItsBodyIsRead() throws IOException {
        var out = new ByteArrayOutputStream();
        MessageWriter.writePumpEntries(
                out, Compression.LZO, List.of(new PumpEntry.File("/etc/passwd", new Payload.Bytes(bytes("x")))));
        var reader = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
        reader.readPumpEntryCount();
        var refusal = new ProtocolException(ProtocolException.Kind.MALFORMED, "not here");
        assertSame(
                refusal,
                assertThrows(
                        ProtocolException.class,
                        () -> reader.readPumpEntry(Compression.LZO, 100, name -> {
                            throw refusal;
                        })));
    }

    /** Fuzz: arbitrary entry bytes never escape as anything but a ProtocolException. Seeded. */
    @Test
    void arbitraryEntryBytesNeverCrashTheReader() throws IOException {
        byte[] tokens = "NFILNAMEFILELINK/0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        var random = new Random(20261207);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[12 + random.nextInt(120)];
            System.arraycopy("NFIL00000002".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 12);
            for (int j = 12; j < bytes.length; j++) {
                bytes[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : tokens[random.nextInt(tokens.length)];
            }
            var reader = new MessageReader(new ByteArrayInputStream(bytes), MalformedInputTest.SMALL);
            try {
                int count = reader.readPumpEntryCount();
                for (int k = 0; k < count; k++) {
                    reader.readPumpEntry(Compression.LZO, 1 << 16, this::place);
                }
            } catch (ProtocolException expected) {
                // the only acceptable failure
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(
                        "case " + i + ": untyped failure on " + new String(bytes, StandardCharsets.ISO_8859_1), e);
            }
        }
    }

    private static byte[] contentOf(PumpEntry entry) throws IOException {
        var file = assertInstanceOf(PumpEntry.File.class, entry);
        return Files.readAllBytes(((Payload.InFile) file.content()).path());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
