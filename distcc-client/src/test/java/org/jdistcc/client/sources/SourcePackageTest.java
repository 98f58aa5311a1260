package org.jdistcc.client.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdistcc.client.job.TestJob;
import org.jdistcc.protocol.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePackageTest {
    @TempDir
    Path dir;

    @Test
    void namesFilesByAbsoluteNormalPathsWithTheirTimes() throws Exception {
        Path inc = Files.createDirectories(dir.resolve("inc"));
        Files.createDirectories(dir.resolve("empty"));
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(inc.resolve("a.h"), "#define A 1\n");
        Files.setLastModifiedTime(inc.resolve("a.h"), FileTime.fromMillis(1_650_000_000_123L));
        Files.writeString(dir.resolve("x.c"), "#include \"a.h\"\n");
        String cwd = dir.toString();
        SourcePackage p = SourcePackage.build(
                new TestJob(dir, Map.of()),
                cwd,
                List.of(
                        dir.resolve("x.c").toString(),
                        dir.resolve("sub/../inc/a.h").toString()),
                List.of(dir.resolve("empty").toString(), dir.resolve("missing").toString()),
                1 << 20);
        assertEquals(
                2, p.entries().stream().filter(e -> e instanceof Manifest.File).count());
        var header = (Manifest.File) p.entries().get(1);
        assertEquals(cwd + "/inc/a.h", header.name());
        assertEquals(1_650_000_000L, header.mtime());
        assertEquals(PumpInputs.sha256("#define A 1\n".getBytes(StandardCharsets.UTF_8)), header.sha256());
        assertEquals(inc.resolve("a.h"), p.local(cwd + "/inc/a.h").normalize());
        assertTrue(p.entries().contains(new Manifest.Directory(cwd + "/sub")), "a .. steps out of sub");
        assertTrue(p.entries().contains(new Manifest.Directory(cwd + "/empty")));
        assertFalse(p.entries().contains(new Manifest.Directory(cwd + "/missing")));
    }

    @Test
    void normalisesLexicallyAndRefusesToClimbAboveRoot() {
        Set<String> dirs = new LinkedHashSet<>();
        assertEquals("/a/c", SourcePackage.normalize("/a/./b/../c", dirs));
        assertEquals(Set.of("/a/b"), dirs);
        assertEquals(null, SourcePackage.normalize("/a/../../etc", new LinkedHashSet<>()));
    }

    @Test
    void refusesWhatTheVolunteerWouldReadElsewhere() throws IOException {
        Path x = Files.writeString(dir.resolve("x.c"), "#include \"/etc/hostname\"\n");
        assertThrows(
                SourcePackage.Unpackable.class,
                () -> SourcePackage.build(
                        new TestJob(dir, Map.of()), dir.toString(), List.of(x.toString()), List.of(), 1 << 20));
        Path y = Files.writeString(dir.resolve("y.h"), "int y;\n");
        Files.writeString(dir.resolve("y.h.gch"), "pch");
        assertThrows(
                SourcePackage.Unpackable.class,
                () -> SourcePackage.build(
                        new TestJob(dir, Map.of()), dir.toString(), List.of(y.toString()), List.of(), 1 << 20));
        Path big = Files.writeString(dir.resolve("big.h"), "x".repeat(100));
        assertThrows(
                SourcePackage.Unpackable.class,
                () -> SourcePackage.build(
                        new TestJob(dir, Map.of()), dir.toString(), List.of(big.toString()), List.of(), 10));
    }

    @Test
    void findsAbsoluteIncludesInAnySpelling() {
        for (String text : List.of("#include </abs.h>", "  #  include_next \"/x\"", "#import\t</y>")) {
            assertTrue(AbsoluteIncludes.contains(text.getBytes(StandardCharsets.UTF_8)), text);
        }
        for (String text : List.of("#include \"rel/x.h\"", "#include <sys/x.h>", "#define P \"/abs\"")) {
            assertFalse(AbsoluteIncludes.contains(text.getBytes(StandardCharsets.UTF_8)), text);
        }
    }
}
