package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {
    @TempDir
    Path dir;

    static ProtocolVersion version(String name) {
        return switch (name) {
            case "plain" -> ProtocolVersion.PLAIN;
            case "lzo" -> ProtocolVersion.LZO;
            case "lz4" -> ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4);
            case "lz4-sides" ->
                ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4 | ProtocolVersion.FEATURE_SIDE_FILES);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static byte[] sourceLikeBytes(int size) {
        var random = new Random(42);
        var sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append("static int f").append(random.nextInt(1000)).append("(int x) { return x * 3; }\n");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "lzo", "lz4", "lz4-sides"})
    void requestSurvivesWriteThenRead(String name) throws IOException {
        ProtocolVersion version = version(name);
        byte[] source = sourceLikeBytes(300_000);
        Path sourceFile = dir.resolve("in.i");
        Files.write(sourceFile, source);
        var out = new ByteArrayOutputStream();
        var request = new Request(version, List.of("gcc", "-O2", "-c", "a b.c", "-o", "ü.o"));
        MessageWriter.writeRequest(out, request);
        MessageWriter.writePayload(out, Token.DOTI, version.compression(), new Payload.InFile(sourceFile));

        var reader = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
        assertEquals(request, reader.readRequest());
        Path received = dir.resolve("out.i");
        assertEquals(source.length, reader.readPayloadToFile(Token.DOTI, version.compression(), received));
        assertArrayEquals(source, Files.readAllBytes(received));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "lzo", "lz4", "lz4-sides"})
    void replySurvivesWriteThenRead(String name) throws IOException {
        ProtocolVersion version = version(name);
        byte[] object = sourceLikeBytes(70_000);
        byte[] dwo = sourceLikeBytes(1234);
        Path dwoFile = dir.resolve("a.dwo.src");
        Files.write(dwoFile, dwo);
        List<SideFile> sides = version.has(ProtocolVersion.FEATURE_SIDE_FILES)
                ? List.of(new SideFile("a.dwo", new Payload.InFile(dwoFile)))
                : List.of();
        var out = new ByteArrayOutputStream();
        MessageWriter.writeReply(
                out,
                new Reply(
                        version,
                        0,
                        new Payload.Bytes("warning: x\n".getBytes(StandardCharsets.UTF_8)),
                        Payload.EMPTY,
                        new Payload.Bytes(object),
                        null,
                        sides));

        var reader = new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
        Path objectFile = dir.resolve("a.o");
        Reply reply = reader.readReply(version, objectFile, dir);
        assertEquals(0, reply.waitStatus());
        assertArrayEquals("warning: x\n".getBytes(StandardCharsets.UTF_8), ((Payload.Bytes) reply.stderr()).content());
        assertArrayEquals(object, Files.readAllBytes(objectFile));
        assertEquals(sides.size(), reply.sideFiles().size());
        if (!sides.isEmpty()) {
            assertEquals("a.dwo", reply.sideFiles().getFirst().name());
            var received = (Payload.InFile) reply.sideFiles().getFirst().content();
            assertArrayEquals(dwo, Files.readAllBytes(received.path()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 4096, 1 << 20})
    void lzoDecompressesWhateverSizeTheSourceHad(int size) throws IOException {
        byte[] data = sourceLikeBytes(size);
        byte[] compressed = Codec.compress(Compression.LZO, data, 0, data.length);
        assertArrayEquals(data, Codec.decompress(Compression.LZO, compressed, Long.MAX_VALUE));
    }
}
