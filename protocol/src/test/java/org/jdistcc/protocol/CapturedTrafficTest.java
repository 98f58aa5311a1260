package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes captured on loopback between Debian's distcc 3.4 client and distccd 3.4 compiling
 * hello.c (and broken.c, which has an error), once plain and once with ",lzo".
 */
class CapturedTrafficTest {
    @TempDir
    Path dir;

    static byte[] capture(String name) throws IOException {
        try (InputStream in = CapturedTrafficTest.class.getResourceAsStream("/captures/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsDebianPlainRequest() throws IOException {
        var reader = new MessageReader(new ByteArrayInputStream(capture("plain-hello.request")), Limits.DEFAULT);
        Request request = reader.readRequest();
        assertEquals(ProtocolVersion.PLAIN, request.version());
        assertEquals(List.of("x86_64-linux-gnu-gcc", "-c", "hello.c", "-o", "plain-hello.o"), request.argv());
        byte[] source = reader.readPayload(Token.DOTI, Compression.NONE);
        assertTrue(new String(source, StandardCharsets.UTF_8).contains("int main(void)"));
    }

    @Test
    void lzoRequestDecompressesToTheSamePreprocessedSource() throws IOException {
        var plain = new MessageReader(new ByteArrayInputStream(capture("plain-hello.request")), Limits.DEFAULT);
        plain.readRequest();
        byte[] expected = plain.readPayload(Token.DOTI, Compression.NONE);

        var lzo = new MessageReader(new ByteArrayInputStream(capture("lzo-hello.request")), Limits.DEFAULT);
        Request request = lzo.readRequest();
        assertEquals(ProtocolVersion.LZO, request.version());
        Path target = dir.resolve("doti.i");
        long size = lzo.readPayloadToFile(Token.DOTI, Compression.LZO, target);
        assertEquals(expected.length, size);
        assertArrayEquals(expected, Files.readAllBytes(target));
    }

    @Test
    void readsDebianRepliesWithObjectsIdenticalToTheCompilersOwn() throws IOException {
        byte[] object = capture("hello.o");
        for (String name : List.of("plain-hello.reply", "lzo-hello.reply")) {
            ProtocolVersion version = name.startsWith("lzo") ? ProtocolVersion.LZO : ProtocolVersion.PLAIN;
            var reader = new MessageReader(new ByteArrayInputStream(capture(name)), Limits.DEFAULT);
            Path target = dir.resolve(name + ".o");
            Reply reply = reader.readReply(version, target, dir);
            assertEquals(0, reply.exitStatus(), name);
            assertArrayEquals(object, Files.readAllBytes(target), name);
        }
    }

    @Test
    void readsCompileErrorsWithStatusAndDiagnostics() throws IOException {
        for (String name : List.of("plain-broken.reply", "lzo-broken.reply")) {
            ProtocolVersion version = name.startsWith("lzo") ? ProtocolVersion.LZO : ProtocolVersion.PLAIN;
            var reader = new MessageReader(new ByteArrayInputStream(capture(name)), Limits.DEFAULT);
            Reply reply = reader.readReply(version, dir.resolve("x.o"), dir);
            assertEquals(0x100, reply.waitStatus(), name);
            assertEquals(1, reply.exitStatus(), name);
            String stderr = new String(((Payload.Bytes) reply.stderr()).content(), StandardCharsets.UTF_8);
            assertTrue(stderr.contains("error: ‘undefined_thing’ undeclared"), stderr);
        }
    }

    @Test
    void writesTheSameBytesDebianSends() throws IOException {
        byte[] captured = capture("plain-hello.reply");
        var out = new ByteArrayOutputStream();
        MessageWriter.writeReply(
                out,
                new Reply(
                        ProtocolVersion.PLAIN,
                        0,
                        Payload.EMPTY,
                        Payload.EMPTY,
                        new Payload.Bytes(capture("hello.o")),
                        null,
                        List.of()));
        assertArrayEquals(captured, out.toByteArray());

        byte[] request = capture("plain-hello.request");
        var head = new ByteArrayOutputStream();
        MessageWriter.writeRequest(
                head,
                new Request(
                        ProtocolVersion.PLAIN,
                        List.of("x86_64-linux-gnu-gcc", "-c", "hello.c", "-o", "plain-hello.o")));
        byte[] written = head.toByteArray();
        byte[] prefix = java.util.Arrays.copyOf(request, written.length);
        assertArrayEquals(prefix, written);
    }

    @Test
    void writesCompileFailuresAsDebianDoes() throws IOException {
        byte[] captured = capture("plain-broken.reply");
        var reader = new MessageReader(new ByteArrayInputStream(captured), Limits.DEFAULT);
        Reply reply = reader.readReply(ProtocolVersion.PLAIN, dir.resolve("x.o"), dir);
        var out = new ByteArrayOutputStream();
        MessageWriter.writeReply(out, reply);
        assertArrayEquals(captured, out.toByteArray());
    }
}
