package org.jdistcc.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.SharedDirectory;

/**
 * {@code distccd-sandbox} built from this module's C source with the system's gcc, once per test
 * run, as scripts/install.sh builds it, into a directory the daemon (as {@code nobody}) can run it from.
 */
final class BuiltSandboxHelper {
    private static final Path SOURCE = Path.of("src/main/c/distccd-sandbox.c");
    private static Path built;

    private BuiltSandboxHelper() {}

    static synchronized Path path() {
        if (built != null) {
            return built;
        }
        try {
            Path dir = Files.createTempDirectory("jdistccd-test-helper-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> SharedDirectory.deleteTree(dir)));
            Path helper = dir.resolve("distccd-sandbox");
            Outcome gcc = CommandRunner.in(dir)
                    .run(
                            "gcc",
                            "-O2",
                            "-Wall",
                            "-Werror",
                            "-o",
                            helper.toString(),
                            SOURCE.toAbsolutePath().toString());
            if (gcc.exitCode() != 0) {
                throw new AssertionError("cannot build " + SOURCE + ":\n" + gcc);
            }
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
            built = helper;
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
