package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each volunteer holds, remembered in {@code $DISTCC_DIR/files/} and shared by clients. */
class VolunteerFilesTest {
    static final HostSpec HOST = new HostSpec.Tcp("build1", 3632, 4, Compression.NONE, false);
    static final HostSpec OTHER = new HostSpec.Tcp("build2", 3632, 4, Compression.NONE, false);

    @TempDir
    Path distccDir;

    private static String digest(int n) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (n >>> (8 * i));
        }
        return HexFormat.of().formatHex(bytes);
    }

    private static List<String> digests(int from, int to) {
        List<String> all = new ArrayList<>();
        for (int n = from; n < to; n++) {
            all.add(digest(n));
        }
        return all;
    }

    @Test
    void whatOneClientRecordsAnotherKnowsForThatVolunteerOnly() {
        new VolunteerFiles().add(distccDir, HOST, digests(0, 10));

        var another = new VolunteerFiles();
        assertTrue(another.holdsAll(distccDir, HOST, digests(0, 10)));
        assertFalse(another.holdsAll(distccDir, HOST, digests(0, 11)), "one unknown digest means asking");
        assertFalse(another.holdsAll(distccDir, OTHER, digests(0, 1)));
    }

    @Test
    void aClientSeesWhatAnotherAddedSinceItRead() {
        var first = new VolunteerFiles();
        first.add(distccDir, HOST, digests(0, 5));
        assertTrue(first.holdsAll(distccDir, HOST, digests(0, 5)));

        new VolunteerFiles().add(distccDir, HOST, digests(5, 8));

        assertTrue(first.holdsAll(distccDir, HOST, digests(0, 8)));
    }

    @Test
    void aFailedVolunteerIsForgotten() {
        var files = new VolunteerFiles();
        files.add(distccDir, HOST, digests(0, 3));
        files.forget(distccDir, HOST);
        assertFalse(files.holdsAll(distccDir, HOST, digests(0, 1)));
    }

    @Test
    void pastTheBoundTheNewestHalfIsKept() throws IOException {
        var files = new VolunteerFiles();
        int total = VolunteerFiles.MAX_DIGESTS + 10;
        for (int from = 0; from < total; from += 4096) {
            files.add(distccDir, HOST, digests(from, Math.min(total, from + 4096)));
        }
        long size = Files.size(files.file(distccDir, HOST));
        assertTrue(size <= (long) VolunteerFiles.MAX_DIGESTS * 32, size + " bytes");
        assertTrue(files.holdsAll(distccDir, HOST, digests(total - 100, total)), "the newest stay");
        assertFalse(files.holdsAll(distccDir, HOST, digests(0, 1)), "the oldest went");
    }

    @Test
    void aDamagedTailIsIgnored() throws IOException {
        var files = new VolunteerFiles();
        files.add(distccDir, HOST, digests(0, 2));
        Files.write(files.file(distccDir, HOST), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(new VolunteerFiles().holdsAll(distccDir, HOST, digests(0, 2)));
    }
}
