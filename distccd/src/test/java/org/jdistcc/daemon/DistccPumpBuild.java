package org.jdistcc.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;

/**
 * distcc 3.4's pump client (its {@code distcc}, {@code pump} and include server) built from Debian's
 * source package by scripts/build-distcc-pump.sh, once per machine (the script caches the build) and
 * once per test run: Debian's own distcc-pump package falls back to plain mode on Python 3.11.
 */
public final class DistccPumpBuild {
    private static Path directory;

    private DistccPumpBuild() {}

    /** The build directory, holding {@code pump}, {@code distcc} and {@code distccd}; built if needed. */
    public static synchronized Path directory() throws IOException, InterruptedException {
        if (directory != null) {
            return directory;
        }
        Path script = Path.of("..", "scripts", "build-distcc-pump.sh")
                .toAbsolutePath()
                .normalize();
        Outcome build = CommandRunner.in(Path.of("").toAbsolutePath())
                .withTimeout(Duration.ofMinutes(15))
                .run("bash", script.toString());
        if (build.exitCode() != 0) {
            throw new IOException(script + " failed:\n" + build);
        }
        directory = Path.of(build.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
        return directory;
    }
}
