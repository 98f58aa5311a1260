package org.jdistcc.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
        Path log = Files.createTempFile("build-distcc-pump", ".log");
        try {
            Process build = new ProcessBuilder("bash", script.toString())
                    .redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!build.waitFor(15, TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new IOException(script + " took more than 15 minutes");
            }
            if (build.exitValue() != 0) {
                throw new IOException(script + " failed:\n" + Files.readString(log));
            }
            directory = Path.of(output.strip().lines().reduce((a, b) -> b).orElseThrow());
            return directory;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
