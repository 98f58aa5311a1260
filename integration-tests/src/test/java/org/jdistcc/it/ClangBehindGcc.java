package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.SharedDirectory;

/**
 * A volunteer whose {@code gcc} is in fact clang: Debian's clang 14 unpacked without installing it
 * ({@code scripts/fetch-clang.sh}), behind gcc's names in a directory first on the daemon's compiler
 * path ({@code DISTCCD_PATH}). Whether the machine has clang does not matter. A real second compiler
 * rather than a wrapper around gcc: the identity must tell compilers apart by what they are (their
 * programs, version, target), not only by the driver's bytes.
 */
final class ClangBehindGcc {
    /** Unpacking takes about half a minute: once per test run, removed when the JVM ends. */
    private static Path clang;

    private static Path unpackedIn;

    private ClangBehindGcc() {}

    /** The daemon environment that puts clang behind {@code gcc}, {@code cc} and the triplet's gcc in {@code dir}. */
    static Map<String, String> in(Path dir) {
        try {
            Path bin = Files.createDirectories(dir.resolve("clang-as-gcc"));
            for (String name : new String[] {"gcc", "cc", "x86_64-linux-gnu-gcc"}) {
                Files.createSymbolicLink(bin.resolve(name), unpacked());
            }
            return Map.of("DISTCCD_PATH", bin + ":/usr/bin:/bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The daemon arguments that show its sandboxed compilers {@code dir}'s links and the unpacked
     * clang they point at (after {@link #in}).
     */
    static String[] sandboxArgs(Path dir) {
        return new String[] {
            "--sandbox-toolchain", dir.resolve("clang-as-gcc").toString(), "--sandbox-toolchain", unpackedIn.toString()
        };
    }

    private static synchronized Path unpacked() throws IOException {
        if (clang == null) {
            Path dir = SharedDirectory.create("jdistcc-clang-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> SharedDirectory.deleteTree(dir)));
            Path repo = ZlibTree.repositoryRoot();
            Outcome fetched = CommandRunner.in(repo)
                    .withTimeout(Duration.ofMinutes(10))
                    .run("bash", repo.resolve("scripts/fetch-clang.sh").toString(), dir.toString());
            assertEquals(0, fetched.exitCode(), fetched::toString);
            clang = Path.of(fetched.stdout().strip());
            unpackedIn = dir;
        }
        return clang;
    }
}
