package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source mode's request (manifest by digest), the volunteer's {@code NEED}, and its reply with {@code DOTD}. */
class SourceModeWireTest {
    static final ProtocolVersion SOURCES = ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4
            | ProtocolVersion.FEATURE_SIDE_FILES
            | ProtocolVersion.FEATURE_SOURCES
            | ProtocolVersion.FEATURE_FILE_CACHE);

    static final String DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static final Manifest MANIFEST = new Manifest(
            true,
            List.of(
                    new Manifest.File("/home/u/proj/x.c", 1_700_000_000L, 4, DIGEST),
                    new Manifest.Directory("/home/u/proj/inc"),
                    new Manifest.Link("/home/u/proj/alias.h", "/home/u/proj/inc/sub/b.h"),
                    new Manifest.File("/usr/include/stdio.h", -1L, 1L << 40, "0".repeat(64))));

    @TempDir
    Path dir;

    @Test
    void theFileCacheDialectCarriesTheWorkingDirectoryAndADependencyFile() {
        assertEquals(SOURCES, ProtocolVersion.fromWire(SOURCES.wire()));
        assertTrue(SOURCES.sendsWorkingDirectory());
        assertTrue(SOURCES.repliesDependencies());
        assertEquals(false, ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4).repliesDependencies());
        assertNull(ProtocolVersion.fromWire(ProtocolVersion.jdistcc(0x100).wire()), "unknown bits are refused");
    }

    @Test
    void aManifestSurvivesWriteThenRead() throws IOException {
        var out = new ByteArrayOutputStream();
        MessageWriter.writeManifest(out, Compression.LZ4, MANIFEST);

        assertEquals(MANIFEST, reader(out).readManifest(Compression.LZ4));
    }

    /** The names repeat their directories: compressed, an entry costs little more than its digest. */
    @Test
    void aManifestOfManyHeadersIsSmallOnTheWire() throws IOException {
        List<Manifest.Entry> entries = new ArrayList<>();
        var random = new Random(1);
        for (int i = 0; i < 300; i++) {
            var digest = new StringBuilder();
            for (int k = 0; k < 64; k++) {
                digest.append(Character.forDigit(random.nextInt(16), 16));
            }
            entries.add(new Manifest.File(
                    "/usr/include/x86_64-linux-gnu/bits/types/header_" + i + ".h",
                    1_690_000_000L,
                    1000 + i,
                    digest.toString()));
        }
        var out = new ByteArrayOutputStream();
        MessageWriter.writeManifest(out, Compression.LZ4, new Manifest(false, entries));

        assertTrue(out.size() < 300 * 60, out.size() + " bytes for 300 entries");
        assertEquals(new Manifest(false, entries), reader(out).readManifest(Compression.LZ4));
    }

    @Test
    void theVolunteerAnswersWithWhatItLacksAndThenItsReply() throws IOException {
        Path object = Files.write(dir.resolve("x.o"), bytes("object bytes"));
        var out = new ByteArrayOutputStream();
        MessageWriter.writeNeed(out, new Need(List.of(0, 3)));
        MessageWriter.writeReply(
                out,
                new Reply(
                        SOURCES,
                        0,
                        Payload.EMPTY,
                        Payload.EMPTY,
                        new Payload.InFile(object),
                        new Payload.Bytes(bytes("x.o: x.c\n")),
                        List.of()));
        MessageReader reader = reader(out);

        assertEquals(new Need(List.of(0, 3)), reader.readNeedOrReply(SOURCES, 4, dir.resolve("got.o"), dir));
        Reply reply = assertInstanceOf(Reply.class, reader.readNeedOrReply(SOURCES, 4, dir.resolve("got.o"), dir));
        assertArrayEquals(bytes("object bytes"), Files.readAllBytes(dir.resolve("got.o")));
        assertArrayEquals(bytes("x.o: x.c\n"), ((Payload.Bytes) reply.deps()).content());
    }

    @Test
    void needsOutOfOrderOrBeyondTheManifestAreRefused() throws IOException {
        for (List<Integer> bad : List.of(List.of(2, 1), List.of(1, 1), List.of(4), List.of(-1))) {
            var out = new ByteArrayOutputStream();
            MessageWriter.writeNeed(out, new Need(bad));
            var e = assertThrows(
                    ProtocolException.class, () -> reader(out).readNeedOrReply(SOURCES, 4, dir.resolve("o"), dir));
            assertEquals(ProtocolException.Kind.MALFORMED, e.kind(), bad.toString());
        }
    }

    @Test
    void malformedManifestsAreRefused() throws IOException {
        byte[] good = ManifestFormat.encode(MANIFEST);
        List<byte[]> bad = new ArrayList<>();
        bad.add(java.util.Arrays.copyOf(good, good.length - 1)); // ends inside an entry
        bad.add(java.util.Arrays.copyOf(good, good.length + 1)); // bytes after the last entry
        byte[] version = good.clone();
        version[0] = 2;
        bad.add(version);
        byte[] kind = good.clone();
        kind[6] = 'X';
        bad.add(kind);
        bad.add(ManifestFormat.encode(new Manifest(false, List.of(new Manifest.Directory("relative/name")))));
        bad.add(ManifestFormat.encode(new Manifest(false, List.of(new Manifest.Directory("/a\0b")))));
        for (byte[] body : bad) {
            var e = assertThrows(ProtocolException.class, () -> ManifestFormat.decode(body, Limits.DEFAULT));
            assertEquals(ProtocolException.Kind.MALFORMED, e.kind());
        }
    }

    @Test
    void manifestsBeyondTheLimitsAreRefusedBeforeTheirEntriesAreRead() {
        var limits = new Limits(16, 1024, 1 << 20, 2, 20);
        var tooMany = assertThrows(
                ProtocolException.class, () -> ManifestFormat.decode(ManifestFormat.encode(MANIFEST), limits));
        assertEquals(ProtocolException.Kind.TOO_LARGE, tooMany.kind());
        var longName = assertThrows(
                ProtocolException.class,
                () -> ManifestFormat.decode(
                        ManifestFormat.encode(
                                new Manifest(false, List.of(new Manifest.Directory("/" + "a".repeat(30))))),
                        limits));
        assertEquals(ProtocolException.Kind.TOO_LARGE, longName.kind());
    }

    @Test
    void aFuzzedManifestIsRefusedOrReadNeverThrowsAnythingElse() {
        byte[] good = ManifestFormat.encode(MANIFEST);
        var random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] body = good.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            try {
                ManifestFormat.decode(body, Limits.DEFAULT);
            } catch (ProtocolException expected) {
                // refused with a reason: fine
            }
        }
    }

    @Test
    void namelessEnvironmentEntriesAreRefused() throws IOException {
        var env = new ByteArrayOutputStream();
        MessageWriter.writeEnvironment(env, List.of("=x"));
        var e = assertThrows(ProtocolException.class, reader(env)::readEnvironment);
        assertEquals(ProtocolException.Kind.MALFORMED, e.kind());
    }

    private static MessageReader reader(ByteArrayOutputStream out) {
        return new MessageReader(new ByteArrayInputStream(out.toByteArray()), Limits.DEFAULT);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
