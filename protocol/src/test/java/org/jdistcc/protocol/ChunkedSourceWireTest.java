package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A preprocessed source in chunks ({@link ProtocolVersion#FEATURE_SOURCE_CHUNKS}), as a client sends it while its cpp runs. */
class ChunkedSourceWireTest {
    private static byte[] text(int size) {
        byte[] text = new byte[size];
        for (int i = 0; i < size; i++) {
            text[i] = (byte) ("int x;\n".charAt(i % 7));
        }
        return text;
    }

    private static byte[] chunked(Compression compression, byte[] text, int chunk) throws Exception {
        var wire = new ByteArrayOutputStream();
        for (int at = 0; at < text.length; at += chunk) {
            byte[] part = Arrays.copyOfRange(text, at, Math.min(text.length, at + chunk));
            MessageWriter.writeChunk(wire, Token.DOTI, compression, part, part.length);
        }
        MessageWriter.writeChunkEnd(wire, Token.DOTI);
        return wire.toByteArray();
    }

    private static MessageReader reader(byte[] wire, Limits limits) {
        return new MessageReader(new ByteArrayInputStream(wire), limits);
    }

    @Test
    void chunksReadBackAsTheWholeTextPlainAndLz4() throws Exception {
        byte[] text = text(1_000_003);
        for (Compression compression : new Compression[] {Compression.NONE, Compression.LZ4}) {
            var out = new ByteArrayOutputStream();
            long size = reader(chunked(compression, text, 65_536), Limits.DEFAULT)
                    .readChunksToStream(Token.DOTI, compression, out);
            assertEquals(text.length, size, compression.toString());
            assertArrayEquals(text, out.toByteArray(), compression.toString());
        }
    }

    @Test
    void anEmptyChunkAloneIsAnEmptySource() throws Exception {
        byte[] wire = "DOTI00000000".getBytes(StandardCharsets.US_ASCII);
        var out = new ByteArrayOutputStream();
        assertEquals(0, reader(wire, Limits.DEFAULT).readChunksToStream(Token.DOTI, Compression.LZ4, out));
        assertEquals(0, out.size());
    }

    @Test
    void aSourceWithoutItsEndIsTruncated() throws Exception {
        byte[] wire = chunked(Compression.LZ4, text(10_000), 4096);
        byte[] cut = Arrays.copyOf(wire, wire.length - 12);
        var e = assertThrows(
                ProtocolException.class,
                () -> reader(cut, Limits.DEFAULT)
                        .readChunksToStream(Token.DOTI, Compression.LZ4, new ByteArrayOutputStream()));
        assertEquals(ProtocolException.Kind.TRUNCATED, e.kind());
    }

    @Test
    void aChunkOverItsBoundIsRefusedBeforeItIsRead() {
        byte[] wire = ("DOTI" + String.format("%08x", MessageReader.MAX_CHUNK + 1)).getBytes(StandardCharsets.US_ASCII);
        var e = assertThrows(
                ProtocolException.class,
                () -> reader(wire, Limits.DEFAULT)
                        .readChunksToStream(Token.DOTI, Compression.NONE, new ByteArrayOutputStream()));
        assertEquals(ProtocolException.Kind.TOO_LARGE, e.kind());
    }

    @Test
    void chunksTogetherOverTheBodyLimitAreRefused() throws Exception {
        var limits = new Limits(4096, 65536, 100_000, 100, 4096);
        for (Compression compression : new Compression[] {Compression.NONE, Compression.LZ4}) {
            byte[] wire = chunked(compression, text(150_000), 60_000);
            var e = assertThrows(
                    ProtocolException.class,
                    () -> reader(wire, limits)
                            .readChunksToStream(Token.DOTI, compression, new ByteArrayOutputStream()));
            assertEquals(ProtocolException.Kind.TOO_LARGE, e.kind(), compression.toString());
        }
    }

    @Test
    void aRefusedJobsChunksAreSkippedToTheEnd() throws Exception {
        byte[] wire = chunked(Compression.LZ4, text(200_000), 50_000);
        byte[] then = "STAT00000000".getBytes(StandardCharsets.US_ASCII);
        byte[] both = Arrays.copyOf(wire, wire.length + then.length);
        System.arraycopy(then, 0, both, wire.length, then.length);
        MessageReader reader = reader(both, Limits.DEFAULT);
        reader.skipChunks(Token.DOTI);
        assertEquals(0, reader.readNumber(Token.STAT));
    }
}
