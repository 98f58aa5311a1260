package org.jdistcc.daemon.fidelity;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.daemon.serving.LoopbackSourceDaemon;

/**
 * {@link LoopbackSourceDaemon} as a process, for {@code bench/fidelity-cost.sh}: prints its port,
 * then serves until killed.
 */
public final class LoopbackSourceDaemonMain {
    private LoopbackSourceDaemonMain() {}

    public static void main(String[] args) throws Exception {
        Path jobs = Files.createTempDirectory("jdistcc-source-jobs");
        try (var daemon = new LoopbackSourceDaemon(jobs)) {
            System.out.println(daemon.port());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
