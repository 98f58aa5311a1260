package org.jdistcc.client.includes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a stat is trusted to show the file's next change: after the filesystem's clock has moved on. */
class FileStatTest {
    private static final long MS = 1_000_000L;
    private static final long NOW = 1_800_000_000_000_000_000L;

    @Test
    void fineTimesAreTrustedAHundredMillisecondsAfterTheLastChange() {
        long changed = NOW - 150 * MS + 123_456; // nanoseconds below the millisecond: a fine clock
        assertFalse(stat(changed - 5_000 * MS, changed).isRecent(NOW));
        assertTrue(stat(changed - 5_000 * MS, changed).isRecent(changed + 50 * MS));
        assertTrue(stat(NOW - 20 * MS, changed).isRecent(NOW), "a later modification time counts too");
    }

    @Test
    void coarseTimesWaitTwoSeconds() {
        long changed = NOW - 1_500 * MS; // whole milliseconds: FAT, exFAT, some network filesystems
        assertTrue(stat(changed, changed).isRecent(NOW));
        assertFalse(stat(changed, changed).isRecent(NOW + 600 * MS));
    }

    @Test
    void aFileJustWrittenHereIsRecentAndLaterIsNot(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.h"), "#define A 1\n");
        FileStat stat = FileStat.of(file.toString());
        long now = System.currentTimeMillis() * MS;
        assertTrue(stat.isRecent(now));
        assertFalse(stat.isRecent(now + FileStat.COARSE_WINDOW_NANOS));
    }

    private static FileStat stat(long modified, long changed) {
        return new FileStat(FileStat.Type.FILE, 1, 2, 3, modified, changed);
    }
}
