package org.jdistcc.client.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private void write(long pid, String host, int slot, boolean legacy) throws IOException {
        new StateWriter(dir, pid, legacy)
                .write(new JobState(pid, Phase.COMPILE, "f" + pid + ".c", host, slot, NOW.toEpochMilli(), 0));
        for (Path p : new StateWriter(dir, pid, legacy).files()) {
            if (Files.exists(p)) {
                Files.setLastModifiedTime(p, FileTime.from(NOW.minusSeconds(1)));
            }
        }
    }

    @Test
    void listsLiveJobsByHostThenSlot() throws IOException {
        write(30, "b", 0, false);
        write(10, "a", 1, true);
        write(20, "a", 0, false);
        var jobs = new StateDirectory(dir, CLOCK, pid -> true).running();
        assertEquals(List.of(20L, 10L, 30L), jobs.stream().map(JobState::pid).toList());
        try (var names = Files.list(dir)) {
            assertEquals(
                    Set.of("jdistcc_10", "binstate_10", "jdistcc_20", "jdistcc_30"),
                    names.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void ourFileWinsOverDistccsForTheSameProcess() throws IOException {
        write(10, "10.0.0.2:3632", 1, true);
        var jobs = new StateDirectory(dir, CLOCK, pid -> true).running();
        assertEquals(1, jobs.size());
        assertEquals("10.0.0.2:3632", jobs.getFirst().host());
        assertEquals(NOW.toEpochMilli(), jobs.getFirst().startedMillis());
    }

    @Test
    void readsAStateOnlyDistcc34Wrote() throws IOException {
        Files.write(
                dir.resolve("binstate_16597"), java.util.HexFormat.of().parseHex(StateFileFormatTest.DEBIAN_BINSTATE));
        Files.setLastModifiedTime(dir.resolve("binstate_16597"), FileTime.from(NOW.minusSeconds(5)));
        var jobs = new StateDirectory(dir, CLOCK, pid -> true).running();
        assertEquals("hello.c", jobs.getFirst().file());
        assertEquals(NOW.minusSeconds(5).toEpochMilli(), jobs.getFirst().startedMillis());
    }

    @Test
    void removesStatesOfProcessesThatAreGone() throws IOException {
        write(10, "a", 0, true);
        write(11, "a", 1, false);
        var jobs = new StateDirectory(dir, CLOCK, pid -> pid == 11).running();
        assertEquals(List.of(11L), jobs.stream().map(JobState::pid).toList());
        assertFalse(Files.exists(dir.resolve("jdistcc_10")));
        assertFalse(Files.exists(dir.resolve("binstate_10")));
    }

    @Test
    void removesStatesUnchangedForOverAMinuteLikeDistccmon() throws IOException {
        write(10, "a", 0, false);
        write(11, "a", 1, false);
        Files.setLastModifiedTime(dir.resolve("jdistcc_10"), FileTime.from(NOW.minusSeconds(61)));
        var jobs = new StateDirectory(dir, CLOCK, pid -> true).running();
        assertEquals(List.of(11L), jobs.stream().map(JobState::pid).toList());
        assertFalse(Files.exists(dir.resolve("jdistcc_10")));
    }

    @Test
    void skipsForeignFilesWithoutTouchingThem() throws IOException {
        Files.writeString(dir.resolve("jdistcc_99"), "not a state");
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertTrue(new StateDirectory(dir, CLOCK, pid -> true).running().isEmpty());
        assertTrue(Files.exists(dir.resolve("jdistcc_99")));
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }

    @Test
    void aMissingDirectoryMeansNothingRuns() throws IOException {
        assertTrue(new StateDirectory(dir.resolve("absent"), CLOCK).running().isEmpty());
    }

    @Test
    void writerCreatesTheDirectoryAndRemovesEverything() throws IOException {
        Path state = dir.resolve("new/state");
        var writer = new StateWriter(state, 5, true);
        writer.write(new JobState(5, Phase.STARTUP, "", "", -1, 1, 1));
        assertTrue(Files.exists(state.resolve("jdistcc_5")));
        assertTrue(Files.exists(state.resolve("binstate_5")));
        writer.remove();
        try (var left = Files.list(state)) {
            assertEquals(0, left.count());
        }
    }
}
