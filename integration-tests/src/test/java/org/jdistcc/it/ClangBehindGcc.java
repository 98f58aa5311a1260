package org.jdistcc.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A volunteer whose {@code gcc} is in fact clang: a directory of its own with clang behind gcc's
 * names, first on the daemon's compiler path ({@code DISTCCD_PATH}). The machine's clang is used
 * ({@code .ci/run} installs it); nothing else of the machine changes.
 */
final class ClangBehindGcc {
    static final Path CLANG = Path.of("/usr/bin/clang");

    private ClangBehindGcc() {}

    /** The daemon environment that puts clang behind {@code gcc}, {@code cc} and the triplet's gcc in {@code dir}. */
    static Map<String, String> in(Path dir) {
        if (!Files.isExecutable(CLANG)) {
            throw new AssertionError(CLANG + " is missing: apt-get install clang (.ci/run does)");
        }
        try {
            Path bin = Files.createDirectories(dir.resolve("clang-as-gcc"));
            for (String name : new String[] {"gcc", "cc", "x86_64-linux-gnu-gcc"}) {
                Files.createSymbolicLink(bin.resolve(name), CLANG);
            }
            bin.toFile().setReadable(true, false);
            bin.toFile().setExecutable(true, false);
            return Map.of("DISTCCD_PATH", bin + ":/usr/bin:/bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
