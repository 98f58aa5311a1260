package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;

/**
 * Debian's zlib sources (scripts/fetch-zlib.sh), configured with plain gcc, in a directory of a
 * test's own: the real ~30-compile C project the issues ask builds to be checked on.
 */
final class ZlibTree {
    final Path dir;

    private ZlibTree(Path dir) {
        this.dir = dir;
    }

    static ZlibTree configuredIn(Path parent, String name) {
        Path repo = repositoryRoot();
        Path cache = repo.resolve("integration-tests/target/zlib-src");
        var runner = CommandRunner.in(repo);
        Outcome fetched =
                runner.run("bash", repo.resolve("scripts/fetch-zlib.sh").toString(), cache.toString());
        assertEquals(0, fetched.exitCode(), fetched::toString);
        Path source = Path.of(fetched.stdout().strip());
        Path copy = parent.resolve(name);
        Outcome copied = runner.run("cp", "-a", source.toString(), copy.toString());
        assertEquals(0, copied.exitCode(), copied::toString);
        Outcome configured = CommandRunner.in(copy).with("CC", "gcc").run("./configure");
        assertEquals(0, configured.exitCode(), configured::toString);
        return new ZlibTree(copy);
    }

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/fetch-zlib.sh"))) {
                return p;
            }
        }
        throw new AssertionError("cannot find the repository root above " + here);
    }

    /** The objects of the static and shared libraries, relative to the tree. */
    List<Path> objects() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".o") || p.toString().endsWith(".lo"))
                    .map(dir::relativize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object of {@code other} is byte-identical to ours, and there are as many. */
    void assertSameObjectsAs(ZlibTree other) {
        List<Path> mine = objects();
        assertEquals(other.objects(), mine);
        assertTrue(mine.size() >= 30, "zlib builds at least 30 objects, got " + mine.size());
        for (Path object : mine) {
            try {
                assertArrayEquals(
                        Files.readAllBytes(other.dir.resolve(object)),
                        Files.readAllBytes(dir.resolve(object)),
                        object + " differs");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
