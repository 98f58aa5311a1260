package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceModeWireTest {
    private static final ProtocolVersion SOURCES = ProtocolVersion.jdistcc(
            ProtocolVersion.FEATURE_LZ4 | ProtocolVersion.FEATURE_SIDE_FILES | ProtocolVersion.FEATURE_SOURCES);

    @TempDir
    Path dir;

    @Test
    void sourceModeIsAKnownDialectThatCarriesTheWorkingDirectory() {
        assertEquals(SOURCES, ProtocolVersion.fromWire(SOURCES.wire()));
        assertEquals(true, SOURCES.sendsWorkingDirectory());
        assertEquals(false, ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4).sendsWorkingDirectory());
        assertEquals(false, SOURCES.isPump(), "no DOTD in the reply");
        assertNull(ProtocolVersion.fromWire(ProtocolVersion.jdistcc(0x80).wire()), "unknown bits are refused");
    }

    @Test
    void filesDirectoriesAndEnvironmentSurviveWriteThenRead() throws IOException {
        byte[] header = RoundTripTest.sourceLikeBytes(50_000);
        Path headerFile = dir.resolve("x.h");
        Files.write(headerFile, header);
        var request = new Request(SOURCES, "/home/u/proj", List.of("gcc", "-g", "-c", "x.c"));
        List<String> environment = List.of("LANG=C.UTF-8", "COLUMNS=80");
        List<SourceEntry> entries = List.of(
                new SourceEntry.File("/home/u/proj/x.c", 1_700_000_000L, new Payload.Bytes(bytes("int x;\n"))),
                new SourceEntry.File("/usr/include/x.h", 0xfffffff0L, new Payload.InFile(headerFile)),
                new SourceEntry.Directory("/home/u/proj/inc"));

        var out = new ByteArrayOutputStream();
        MessageWriter.writeRequest(out, request);
        MessageWriter.writeEnvironment(out, environment);
        MessageWriter.writeSourceEntries(out, SOURCES.compression(), entries);
        String wire = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
        assertEquals(0, wire.indexOf("DIST6a640007CDIR0000000c/home/u/proj"), wire.substring(0, 40));

        var reader = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
        assertEquals(request, reader.readRequest());
        assertEquals(environment, reader.readEnvironment());
        assertEquals(3, reader.readSourceEntryCount());
        var first = assertInstanceOf(SourceEntry.File.class, reader.readSourceEntryHead());
        assertEquals("/home/u/proj/x.c", first.name());
        assertEquals(1_700_000_000L, first.mtime());
        assertArrayEquals(bytes("int x;\n"), reader.readPayload(Token.FILE, SOURCES.compression()));
        var second = assertInstanceOf(SourceEntry.File.class, reader.readSourceEntryHead());
        assertEquals(0xfffffff0L, second.mtime(), "MTIM is unsigned");
        Path received = dir.resolve("received.h");
        reader.readPayloadToFile(Token.FILE, SOURCES.compression(), received);
        assertArrayEquals(header, Files.readAllBytes(received));
        assertEquals(new SourceEntry.Directory("/home/u/proj/inc"), reader.readSourceEntryHead());
    }

    @Test
    void relativeNamesAndNamelessEnvironmentEntriesAreRefused() throws IOException {
        var out = new ByteArrayOutputStream();
        MessageWriter.writeNumber(out, Token.NFIL, 1);
        MessageWriter.writeString(out, Token.NAME, "../etc/passwd");
        var reader = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
        reader.readSourceEntryCount();
        var e = assertThrows(ProtocolException.class, reader::readSourceEntryHead);
        assertEquals(ProtocolException.Kind.MALFORMED, e.kind());

        var env = new ByteArrayOutputStream();
        MessageWriter.writeEnvironment(env, List.of("=x"));
        var envReader = new MessageReader(new ByteArrayInputStream(env.toByteArray()), Limits.DEFAULT);
        assertEquals(
                ProtocolException.Kind.MALFORMED,
                assertThrows(ProtocolException.class, envReader::readEnvironment)
                        .kind());
    }

    @Test
    void fileCountsBeyondTheLimitAreRefusedBeforeAnyFileIsRead() throws IOException {
        var out = new ByteArrayOutputStream();
        MessageWriter.writeNumber(out, Token.NFIL, 11);
        var reader =
                new MessageReader(new ByteArrayInputStream(out.toByteArray()), new Limits(16, 1024, 1 << 20, 10, 256));
        assertEquals(
                ProtocolException.Kind.TOO_LARGE,
                assertThrows(ProtocolException.class, reader::readSourceEntryCount)
                        .kind());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
