package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a server does with a request stream that is not a valid distcc request. */
class MalformedInputTest {
    static final Limits SMALL = new Limits(64, 1024, 1 << 20, 16, 256);

    static ProtocolException.Kind kindOf(String wire) {
        byte[] bytes = wire.replace("\\0", "\0").getBytes(StandardCharsets.ISO_8859_1);
        var reader = new MessageReader(new ByteArrayInputStream(bytes), SMALL);
        ProtocolException e = assertThrows(ProtocolException.class, () -> {
            reader.readRequest();
            reader.readPayload(Token.DOTI, Compression.NONE);
        });
        return e.kind();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty stream                | ''                                                       | TRUNCATED",
                "garbage                     | GET / HTTP/1.1                                           | MALFORMED",
                "truncated token             | DIST0000                                                 | TRUNCATED",
                "non-hex number              | DIST0000000gARGC00000001                                 | MALFORMED",
                "sign in number              | DIST-0000001                                             | MALFORMED",
                "unknown version             | DIST00000004ARGC00000001                                 | BAD_VERSION",
                "huge version                | DISTffffffffARGC00000001                                 | BAD_VERSION",
                "wrong order                 | ARGC00000001DIST00000001                                 | UNEXPECTED_TOKEN",
                "zero arguments              | DIST00000001ARGC00000000                                 | TOO_LARGE",
                "huge argument count         | DIST00000001ARGCffffffff                                 | TOO_LARGE",
                "too many arguments          | DIST00000001ARGC00000041                                 | TOO_LARGE",
                "huge argument length        | DIST00000001ARGC00000001ARGV7fffffff                     | TOO_LARGE",
                "argument past its stream    | DIST00000001ARGC00000001ARGV00000010gcc                  | TRUNCATED",
                "NUL inside an argument      | DIST00000001ARGC00000001ARGV00000003g\\0c                | MALFORMED",
                "missing DOTI                | DIST00000001ARGC00000001ARGV00000003gcc                  | TRUNCATED",
                "DOTI replaced               | DIST00000001ARGC00000001ARGV00000003gccDOTO00000000      | UNEXPECTED_TOKEN",
                "huge DOTI                   | DIST00000001ARGC00000001ARGV00000003gccDOTIffffffff      | TOO_LARGE",
                "truncated DOTI              | DIST00000001ARGC00000001ARGV00000003gccDOTI00000100int   | TRUNCATED",
                "lower-case token name       | dist00000001                                             | MALFORMED",
            })
    void rejectsWithTypedError(String description, String wire, ProtocolException.Kind expected) {
        assertEquals(expected, kindOf(wire.strip()), description);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "LZO garbage       | 2 | DIST00000002ARGC00000001ARGV00000003gccDOTI00000004abcd | BAD_COMPRESSION",
                "LZ4 short header  | 1 | DIST6a640001ARGC00000001ARGV00000003gccDOTI00000002ab   | BAD_COMPRESSION",
                "LZ4 lies its size | 1 | DIST6a640001ARGC00000001ARGV00000003gccDOTI000000067fffffff00 | TOO_LARGE",
            })
    void rejectsBadCompressedBodies(String description, int ignored, String wire, ProtocolException.Kind expected) {
        byte[] bytes = wire.strip().getBytes(StandardCharsets.ISO_8859_1);
        var reader = new MessageReader(new ByteArrayInputStream(bytes), SMALL);
        ProtocolException e = assertThrows(ProtocolException.class, () -> {
            Request request = reader.readRequest();
            reader.readPayload(Token.DOTI, request.version().compression());
        });
        assertEquals(expected, e.kind(), description);
    }

    /**
     * Fuzz: arbitrary bytes, alone or after a valid prefix, never escape as anything but a
     * ProtocolException. Seeded, so a failure names a reproducible case.
     */
    @Test
    void arbitraryBytesNeverCrashTheReader() {
        byte[] prefix = "DIST00000002ARGC00000002ARGV00000003gcc".getBytes(StandardCharsets.US_ASCII);
        byte[] tokens = "DISTARGCARGVDOTI0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        var random = new Random(20261130);
        for (int i = 0; i < 20_000; i++) {
            byte[] tail = new byte[random.nextInt(200)];
            for (int j = 0; j < tail.length; j++) {
                // Mostly token-like bytes, so the reader gets past the first header often.
                tail[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : tokens[random.nextInt(tokens.length)];
            }
            boolean withPrefix = random.nextBoolean();
            byte[] bytes = new byte[(withPrefix ? prefix.length : 0) + tail.length];
            if (withPrefix) {
                System.arraycopy(prefix, 0, bytes, 0, prefix.length);
            }
            System.arraycopy(tail, 0, bytes, bytes.length - tail.length, tail.length);
            var reader = new MessageReader(new ByteArrayInputStream(bytes), SMALL);
            try {
                Request request = reader.readRequest();
                reader.readPayload(Token.DOTI, request.version().compression());
            } catch (ProtocolException expected) {
                // the only acceptable failure
            } catch (java.io.IOException | RuntimeException e) {
                throw new AssertionError(
                        "case " + i + ": untyped failure on " + new String(bytes, StandardCharsets.ISO_8859_1), e);
            }
        }
    }
}
