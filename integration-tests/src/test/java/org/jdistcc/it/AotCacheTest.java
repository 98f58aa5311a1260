package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client's AOT cache is only a start-up optimisation: whatever state it is in, a compile's
 * stdout, stderr and exit status must be exactly the compiler's. (By default the JVM reports an
 * unusable cache as "[warning][aot] ..." on stdout, which would end up in {@code gcc -E} output.)
 */
@ExtendWith(RequiresInstallation.class)
class AotCacheTest {
    @TempDir
    Path dir;

    /** Ways the cache a launcher names can be unusable. */
    enum UnusableCache {
        MISSING {
            @Override
            Path create(Path dir, Installation jdistcc) {
                return dir.resolve("missing.aot");
            }
        },
        EMPTY {
            @Override
            Path create(Path dir, Installation jdistcc) throws IOException {
                return Files.createFile(dir.resolve("empty.aot"));
            }
        },
        GARBAGE {
            @Override
            Path create(Path dir, Installation jdistcc) throws IOException {
                byte[] noise = new byte[64 * 1024];
                new Random(483).nextBytes(noise);
                return Files.write(dir.resolve("garbage.aot"), noise);
            }
        },
        TRUNCATED {
            @Override
            Path create(Path dir, Installation jdistcc) throws IOException {
                try (InputStream in = Files.newInputStream(installedCache(jdistcc))) {
                    return Files.write(dir.resolve("truncated.aot"), in.readNBytes(1024 * 1024));
                }
            }
        },
        OLDER_THAN_THE_JARS {
            @Override
            Path create(Path dir, Installation jdistcc) throws IOException {
                Path copy = Files.copy(installedCache(jdistcc), dir.resolve("old.aot"));
                Files.setLastModifiedTime(copy, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
                return copy;
            }
        },
        FROM_ANOTHER_JVM_CONFIGURATION {
            @Override
            Path create(Path dir, Installation jdistcc) throws IOException {
                // The JDK's own archive for -XX:-UseCompressedOops: a valid file, for other flags.
                Path other = Path.of(System.getProperty("java.home"), "lib/server/classes_nocoops.jsa");
                assumeTrue(Files.isRegularFile(other), "this JDK has no " + other);
                return Files.copy(other, dir.resolve("nocoops.aot"));
            }
        },
        A_DIRECTORY {
            @Override
            Path create(Path dir, Installation jdistcc) throws IOException {
                return Files.createDirectory(dir.resolve("directory.aot"));
            }
        };

        abstract Path create(Path dir, Installation jdistcc) throws IOException;

        static Path installedCache(Installation jdistcc) {
            Path cache = jdistcc.aotCache();
            assertTrue(Files.isRegularFile(cache), "scripts/install.sh trains " + cache);
            return cache;
        }
    }

    @ParameterizedTest
    @EnumSource(UnusableCache.class)
    void unusableCacheLeavesCompilerOutputUntouched(UnusableCache state, Installation jdistcc) throws IOException {
        Path distcc = jdistcc.launcherUsingAotCache(state.create(dir, jdistcc), dir);
        String warning = CSources.WARNING.writeTo(dir);
        String clean = CSources.CLEAN.writeTo(dir);
        var user = jdistcc.userIn(dir);

        Outcome gcc = user.run("gcc", "-Wall", "-c", warning, "-o", "by-gcc.o");
        Outcome client = user.run(distcc.toString(), "gcc", "-Wall", "-c", warning, "-o", "warning.o");
        assertEquals(gcc, client);
        assertArrayEquals(Files.readAllBytes(dir.resolve("by-gcc.o")), Files.readAllBytes(dir.resolve("warning.o")));

        Outcome gccPreprocessed = user.run("gcc", "-E", clean);
        Outcome clientPreprocessed = user.run(distcc.toString(), "gcc", "-E", clean);
        assertEquals(gccPreprocessed, clientPreprocessed);
    }

    @Test
    void installedCacheIsNewerThanEveryJarSoTheLauncherUsesIt(Installation jdistcc) throws IOException {
        FileTime cache = Files.getLastModifiedTime(UnusableCache.installedCache(jdistcc));
        try (var jars = Files.list(jdistcc.prefix().resolve("share/jdistcc/lib"))) {
            for (Path jar : jars.toList()) {
                // The launcher's test -nt may compare whole seconds.
                long jarSecond = Files.getLastModifiedTime(jar).toInstant().getEpochSecond();
                assertTrue(cache.toInstant().getEpochSecond() > jarSecond, jar + " is not older than the cache");
            }
        }
    }
}
