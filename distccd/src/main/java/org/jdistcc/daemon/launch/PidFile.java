package org.jdistcc.daemon.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --pid-file}: written once the daemon runs, removed when it exits. */
public final class PidFile {
    private PidFile() {}

    public static void write(Path file) throws IOException {
        Files.writeString(file, ProcessHandle.current().pid() + "\n");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the daemon is going away; nothing to report to
            }
        }));
    }
}
