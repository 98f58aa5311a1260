package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCostsTest {
    @TempDir
    Path dir;

    static String key(int i) {
        return JobCosts.key("/src", "gcc -c f" + i + ".c");
    }

    @Test
    void theNewestCostWinsForEveryReader() {
        var writer = new JobCosts(dir);
        writer.record(key(1), 3.5);
        writer.record(key(1), 7.25);
        writer.record(key(2), 1);
        var reader = new JobCosts(dir);
        assertEquals(7.25, reader.get(key(1)), 1e-9);
        assertEquals(1, reader.get(key(2)), 1e-9);
        assertTrue(Double.isNaN(reader.get(key(3))));
        writer.record(key(2), 2);
        assertEquals(2, reader.get(key(2)), 1e-9, "a reader catches up with what is appended");
        assertNotEquals(key(1), key(2));
    }

    @Test
    void whatAKbOfAnalysedInputCostsIsLearnedABoundedStepAtATimeAndShared() {
        var writer = new JobCosts(dir);
        assertEquals(JobCosts.DEFAULT_UNITS_PER_INPUT_KB, writer.unitsPerInputKb(), 1e-9, "until learned");
        writer.learnUnitsPerInputKb(100);
        double once = JobCosts.DEFAULT_UNITS_PER_INPUT_KB
                * (1 + JobCosts.INPUT_KB_SMOOTHING * (JobCosts.INPUT_KB_MAX_STEP - 1));
        assertEquals(once, writer.unitsPerInputKb(), 1e-3, "one odd compile moves it by a bounded step");
        var reader = new JobCosts(dir);
        assertEquals(once, reader.unitsPerInputKb(), 1e-3, "another client reads it");
        for (int i = 0; i < 60; i++) {
            reader.learnUnitsPerInputKb(0.5);
        }
        assertEquals(0.5, writer.unitsPerInputKb(), 0.01, "compiles that agree move it there");
        writer.learnUnitsPerInputKb(Double.NaN);
        writer.learnUnitsPerInputKb(-1);
        assertEquals(0.5, writer.unitsPerInputKb(), 0.01, "nonsense is ignored");
    }

    @Test
    void aTornLastLineIsSkipped() throws Exception {
        new JobCosts(dir).record(key(1), 4);
        Files.writeString(dir.resolve("costs"), key(2) + " 9", StandardOpenOption.APPEND);
        var reader = new JobCosts(dir);
        assertEquals(4, reader.get(key(1)), 1e-9);
        assertTrue(Double.isNaN(reader.get(key(2))));
    }

    @Test
    void theLogIsRewrittenWithTheNewestCostsPastItsBound() throws Exception {
        var costs = new JobCosts(dir, 4096, 50);
        for (int i = 0; i < 400; i++) {
            costs.record(key(i), i + 1);
        }
        assertTrue(Files.size(dir.resolve("costs")) <= 4096 + 64, "bounded");
        var reader = new JobCosts(dir, 4096, 50);
        assertEquals(400, reader.get(key(399)), 1e-9);
        assertTrue(Double.isNaN(reader.get(key(0))), "the oldest are gone");
    }

    @Test
    void concurrentClientsInterleaveWholeLines() throws Exception {
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int base = w * 1000;
            // One JobCosts per writer: as separate clients, each with its own file descriptor.
            writers.add(Thread.ofPlatform().start(() -> {
                var mine = new JobCosts(dir);
                for (int i = 0; i < 500; i++) {
                    mine.record(key(base + i), base + i + 1);
                }
            }));
        }
        for (Thread t : writers) {
            t.join();
        }
        var reader = new JobCosts(dir);
        for (int w = 0; w < 4; w++) {
            for (int i = 0; i < 500; i++) {
                assertEquals(w * 1000 + i + 1, reader.get(key(w * 1000 + i)), 1e-9);
            }
        }
    }
}
