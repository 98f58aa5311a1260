package org.jdistcc.client.includes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdistcc.common.args.CompilerCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is kept between analyses, and that a change on disk is seen by the next one. The clock is an
 * hour ahead, so every file looks old enough for its stat to be trusted: what is read again is what
 * the stats show changed.
 */
class CachingTest {
    @TempDir
    Path root;

    private IncludeAnalysis analysis;
    private IncludeAnalysis.Request request;

    @BeforeEach
    void setUp() throws Exception {
        SourceTree.write(root, """
                == main.c
                #include "a.h"
                #include <x.h>
                == a.h
                #define A 1
                == second/x.h
                """);
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
        analysis = IncludeAnalysis.create(IncludeAnalysis.Limits.DEFAULT, later);
        List<String> argv = List.of("gcc", "-c", "main.c", "-I", "first", "-I", "second", "-nostdinc");
        request = new IncludeAnalysis.Request(CompilerCommand.parse(argv), Path.of("/usr/bin/gcc"), root, Map.of());
    }

    @Test
    void aWarmAnalysisReadsNothingAgain() {
        Result first = analysis.analyse(request);
        long reads = analysis.fileReads();
        assertEquals(3, reads);
        assertEquals(first, analysis.analyse(request));
        assertEquals(reads, analysis.fileReads());
    }

    @Test
    void anEditedHeaderIsReadAgainWithItsNewIncludes() throws Exception {
        Result.Inputs before = inputs();
        Files.writeString(root.resolve("a.h"), "#include \"b.h\"\n");
        Files.writeString(root.resolve("b.h"), "#define B 2\n");
        Result.Inputs after = inputs();
        assertEquals(List.of("main.c", "a.h", "second/x.h", "b.h"), names(after));
        assertNotEquals(before.files().get(1).sha256(), after.files().get(1).sha256());
        assertEquals(5, analysis.fileReads()); // three, then a.h and b.h
    }

    @Test
    void aHeaderAppearingEarlierInTheSearchPathIsFound() throws Exception {
        assertEquals(List.of("main.c", "a.h", "second/x.h"), names(inputs()));
        Files.createDirectories(root.resolve("first"));
        Files.writeString(root.resolve("first/x.h"), "");
        assertEquals(List.of("main.c", "a.h", "first/x.h"), names(inputs()));
    }

    @Test
    void aRemovedHeaderIsNoLongerListed() throws Exception {
        assertEquals(List.of("main.c", "a.h", "second/x.h"), names(inputs()));
        Files.delete(root.resolve("a.h"));
        assertEquals(List.of("main.c", "second/x.h"), names(inputs()));
    }

    @Test
    void theAnalysisVouchesForAFileItReadUntilItsStatChanges() throws Exception {
        Result.InputFile header = inputs().files().get(1);
        assertTrue(analysis.unchanged(header.path(), header.sha256()));
        assertFalse(analysis.unchanged(header.path(), "0".repeat(64)), "another digest is not vouched for");

        Files.writeString(root.resolve("a.h"), "#define A 2\n"); // the same size
        assertFalse(analysis.unchanged(header.path(), header.sha256()));
    }

    @Test
    void aFileChangedTooRecentlyToTrustIsNotVouchedFor() {
        // The analysis runs 10 ms after a.h's last change, by its clock: too soon to trust its stat.
        long changed = FileStat.of(root.resolve("a.h").toString()).changedNanos();
        Clock soon = Clock.fixed(Instant.EPOCH.plusNanos(changed + 10_000_000L), ZoneOffset.UTC);
        var early = IncludeAnalysis.create(IncludeAnalysis.Limits.DEFAULT, soon);
        Result.InputFile header = assertInstanceOf(Result.Inputs.class, early.analyse(request))
                .files()
                .get(1);
        assertFalse(early.unchanged(header.path(), header.sha256()), "its stat may not show the next write");
        assertFalse(analysis.unchanged(header.path(), header.sha256()), "never read by this analysis");
    }

    private Result.Inputs inputs() {
        return assertInstanceOf(Result.Inputs.class, analysis.analyse(request));
    }

    private List<String> names(Result.Inputs inputs) throws Exception {
        String prefix = root.toRealPath() + "/";
        return inputs.files().stream()
                .map(f -> f.path().substring(prefix.length()))
                .toList();
    }
}
