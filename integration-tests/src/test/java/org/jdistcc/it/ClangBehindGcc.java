package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A volunteer whose {@code gcc} is in fact clang: Debian's clang 14 unpacked into the test's own
 * directory ({@code scripts/fetch-clang.sh}, nothing installed), behind gcc's names in a directory
 * first on the daemon's compiler path ({@code DISTCCD_PATH}). Whether the machine has clang does
 * not matter.
 */
final class ClangBehindGcc {
    private ClangBehindGcc() {}

    /** The daemon environment that puts clang behind {@code gcc}, {@code cc} and the triplet's gcc. */
    static Map<String, String> in(Path dir) {
        Path repo = ZlibTree.repositoryRoot();
        Outcome fetched = CommandRunner.in(repo)
                .withTimeout(java.time.Duration.ofMinutes(5))
                .run(
                        "bash",
                        repo.resolve("scripts/fetch-clang.sh").toString(),
                        dir.resolve("clang-14").toString());
        assertEquals(0, fetched.exitCode(), fetched::toString);
        Path clang = Path.of(fetched.stdout().strip());
        try {
            Path bin = Files.createDirectories(dir.resolve("clang-as-gcc"));
            for (String name : new String[] {"gcc", "cc", "x86_64-linux-gnu-gcc"}) {
                Files.createSymbolicLink(bin.resolve(name), clang);
            }
            return Map.of("DISTCCD_PATH", bin + ":/usr/bin:/bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
