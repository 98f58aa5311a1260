package org.jdistcc.client.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether our standard output is a terminal, so a status line may be rewritten in place. */
final class Terminal {
    private Terminal() {}

    /**
     * Linux: where {@code /proc/self/fd/1} points. {@code System.console()} asks about standard
     * input too, and a monitor started as {@code distccmon-text --summary 1 </dev/null} still writes
     * to a terminal. Unknown means no: a log file never gets carriage returns.
     */
    static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
