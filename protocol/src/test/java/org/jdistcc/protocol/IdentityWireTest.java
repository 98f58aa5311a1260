package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jdistcc's identity feature: CIDN after the ARGVs, XRES after DONE, compilers in the hello. */
class IdentityWireTest {
    static final String IDENTITY = "0123456789abcdef".repeat(4);
    static final ProtocolVersion VERSION =
            ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4 | ProtocolVersion.FEATURE_IDENTITY);

    @TempDir
    Path dir;

    static MessageReader reader(byte[] bytes) {
        return new MessageReader(new ByteArrayInputStream(bytes), Limits.DEFAULT);
    }

    @Test
    void theClientsIdentityFollowsTheArguments() throws Exception {
        var out = new ByteArrayOutputStream();
        MessageWriter.writeRequest(out, new Request(VERSION, null, List.of("gcc", "-c", "a.c"), IDENTITY));
        String wire = out.toString(StandardCharsets.US_ASCII);
        assertTrue(wire.endsWith("ARGV00000003a.cCIDN00000040" + IDENTITY), wire);
        Request read = reader(out.toByteArray()).readRequest();
        assertEquals(IDENTITY, read.identity());
        assertEquals(List.of("gcc", "-c", "a.c"), read.argv());
    }

    @Test
    void anEmptyIdentityAsksForNoCheckAndAnythingButADigestIsMalformed() throws Exception {
        var out = new ByteArrayOutputStream();
        MessageWriter.writeRequest(out, new Request(VERSION, null, List.of("gcc", "-c", "a.c"), null));
        assertTrue(out.toString(StandardCharsets.US_ASCII).endsWith("CIDN00000000"));
        assertNull(reader(out.toByteArray()).readRequest().identity());

        var bad = new ByteArrayOutputStream();
        MessageWriter.writeRequest(bad, new Request(VERSION, null, List.of("gcc"), "ABC"));
        var e = assertThrows(
                ProtocolException.class, () -> reader(bad.toByteArray()).readRequest());
        assertEquals(ProtocolException.Kind.MALFORMED, e.kind());
    }

    @Test
    void theReplySaysHowItWasMadeRightAfterDone() throws Exception {
        Path object = Files.writeString(dir.resolve("a.o"), "object");
        var reply = new Reply(
                VERSION,
                0,
                Payload.EMPTY,
                Payload.EMPTY,
                new Payload.InFile(object),
                null,
                List.of(),
                Reply.CACHED | Reply.SHARED);
        var out = new ByteArrayOutputStream();
        MessageWriter.writeReply(out, reply);
        assertTrue(out.toString(StandardCharsets.ISO_8859_1).startsWith("DONE6a640021XRES00000003STAT00000000"));
        Reply read = reader(out.toByteArray()).readReply(VERSION, dir.resolve("got.o"), dir);
        assertTrue(read.has(Reply.CACHED) && read.has(Reply.SHARED) && !read.has(Reply.MISSED));
        assertEquals("object", Files.readString(dir.resolve("got.o")));
    }

    @Test
    void aRefusalForAnotherCompilerCarriesItsFlag() throws Exception {
        var refusal = new Reply(
                VERSION,
                Reply.waitStatusOfExit(113),
                new Payload.Bytes("no".getBytes(StandardCharsets.UTF_8)),
                Payload.EMPTY,
                Payload.EMPTY,
                null,
                List.of(),
                Reply.OTHER_COMPILER);
        var out = new ByteArrayOutputStream();
        MessageWriter.writeReply(out, refusal);
        Reply read = reader(out.toByteArray()).readReply(VERSION, dir.resolve("x.o"), dir);
        assertTrue(read.has(Reply.OTHER_COMPILER));
        assertEquals(113, read.exitStatus());
    }

    @Test
    void unknownReplyFlagsAreMalformed() {
        byte[] wire = "DONE6a640021XRES00000100STAT00000000".getBytes(StandardCharsets.US_ASCII);
        var e = assertThrows(ProtocolException.class, () -> reader(wire).readReply(VERSION, dir.resolve("x"), dir));
        assertEquals(ProtocolException.Kind.MALFORMED, e.kind());
    }

    @Test
    void withoutTheFeatureNeitherElementIsOnTheWire() throws Exception {
        var plain = ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4);
        var out = new ByteArrayOutputStream();
        MessageWriter.writeRequest(out, new Request(plain, null, List.of("gcc", "-c", "a.c"), IDENTITY));
        assertFalse(out.toString(StandardCharsets.US_ASCII).contains("CIDN"));
        assertNull(reader(out.toByteArray()).readRequest().identity());
    }

    @Test
    void compilersTravelInTheHelloAndALongListIsCutAndSaysSo() throws Exception {
        Map<String, String> facts = new HashMap<>(Map.of("server", "jdistcc"));
        CompilerFacts.add(facts, new LinkedHashMap<>(Map.of("gcc", IDENTITY, "bad name", IDENTITY)), true);
        assertEquals(IDENTITY, CompilerFacts.identityOf(facts, "gcc"));
        assertFalse(CompilerFacts.listsAll(facts), "a name that cannot be a fact is not listed");

        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            many.put("x86_64-linux-gnu-gcc-" + i, IDENTITY);
        }
        Map<String, String> cut = new HashMap<>();
        CompilerFacts.add(cut, many, true);
        assertFalse(CompilerFacts.listsAll(cut));
        assertTrue(CompilerFacts.listed(cut));
        var out = new ByteArrayOutputStream();
        MessageWriter.writeHello(out, new Hello(ProtocolVersion.ALL_FEATURES, cut));
        Hello read = reader(out.toByteArray()).readHello();
        assertEquals(IDENTITY, CompilerFacts.identityOf(read.facts(), "x86_64-linux-gnu-gcc-0"));
        assertEquals(CompilerFacts.all(cut), CompilerFacts.all(read.facts()));
    }
}
