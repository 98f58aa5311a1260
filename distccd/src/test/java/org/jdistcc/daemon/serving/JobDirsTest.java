package org.jdistcc.daemon.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobDirsTest {
    @TempDir
    Path dir;

    @Test
    void aTmpdirHoldsJobsAndPumpRootsAlike() {
        JobDirs dirs = JobDirs.fromEnvironment(dir.toString());

        assertEquals(dir, dirs.base());
        assertEquals(dir, dirs.tmpdir());
    }

    @Test
    void withoutTmpdirJobsGoToSharedMemoryAndPumpRootsToTmp() throws Exception {
        boolean shm = Files.isDirectory(Path.of("/dev/shm"))
                && Files.getFileStore(Path.of("/dev/shm")).type().equals("tmpfs");

        for (String unset : new String[] {null, ""}) {
            JobDirs dirs = JobDirs.fromEnvironment(unset);

            assertEquals(Path.of(shm ? "/dev/shm" : "/tmp"), dirs.base());
            assertEquals(Path.of("/tmp"), dirs.tmpdir(), "pump roots keep distcc 3.4's length");
        }
    }

    @Test
    void onlyAnExistingTmpfsCounts() throws Exception {
        assertEquals(Files.getFileStore(dir).type().equals("tmpfs"), JobDirs.isWritableTmpfs(dir));
        assertFalse(JobDirs.isWritableTmpfs(dir.resolve("missing")));
        assertFalse(JobDirs.isWritableTmpfs(Path.of("/proc")), "procfs");
    }
}
