package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;

/**
 * distcc 3.4's own pump client ({@code pump}, its {@code distcc} and its Python include server), built
 * from Debian's source package by scripts/build-distcc-pump.sh with the Python 3.11 fix: the reference
 * our client's pump mode is compared with. The script caches the build (about a minute the first time).
 */
final class DistccPumpClient {
    private static Path directory;

    private DistccPumpClient() {}

    /** The build directory, holding {@code pump} and {@code distcc}. */
    static synchronized Path directory() {
        if (directory == null) {
            Path repo = ZlibTree.repositoryRoot();
            Outcome built = CommandRunner.in(repo)
                    .withTimeout(Duration.ofMinutes(15))
                    .run("bash", repo.resolve("scripts/build-distcc-pump.sh").toString());
            assertEquals(0, built.exitCode(), built::toString);
            directory =
                    Path.of(built.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
            assertEquals(true, Files.isExecutable(directory.resolve("pump")), directory + " has no pump");
        }
        return directory;
    }

    /**
     * A {@code mkdtemp} for distccd's pump roots ({@code LD_PRELOAD}): the n-th root a daemon makes is
     * named by the four characters in the file {@code $PUMP_ROOT_NAME} and two for n, counted in
     * {@code $PUMP_ROOT_NAME.n}. Two builds that start the count afresh (write {@link #resetCount}) and
     * send their compiles in the same order then get the same roots, which gcc records in DWARF 5's
     * line strings, so their objects with {@code -g} can be compared byte for byte. (One name for
     * every root would not do: distcc 3.4's server removes a job's files after its reply, from under
     * the next job of that name.)
     */
    static Path mkdtempShim(Path dir) {
        Path source = dir.resolve("mkdtemp.c");
        Path shim = dir.resolve("mkdtemp.so");
        try {
            Files.writeString(source, MKDTEMP);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Outcome built =
                CommandRunner.in(dir).run("gcc", "-shared", "-fPIC", "-o", shim.toString(), source.toString(), "-ldl");
        assertEquals(0, built.exitCode(), built::toString);
        try {
            java.nio.file.Files.setPosixFilePermissions(
                    shim, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return shim;
    }

    /** Starts the count of {@link #mkdtempShim}'s roots again at 0; the file must be the daemon's to write. */
    static void resetCount(Path nameFile) {
        Path count = nameFile.resolveSibling(nameFile.getFileName() + ".n");
        try {
            Files.writeString(count, "0");
            Files.setPosixFilePermissions(count, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final String MKDTEMP = """
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/file.h>
            #include <sys/stat.h>
            #include <unistd.h>
            static const char DIGITS[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
            char *mkdtemp(char *template) {
                char *(*real)(char *) = (char *(*)(char *)) dlsym(RTLD_NEXT, "mkdtemp");
                const char *file = getenv("PUMP_ROOT_NAME");
                size_t n = strlen(template);
                char stem[5] = {0}, counter[4096], text[32] = {0};
                FILE *f;
                if (file == NULL || n < 14 || strcmp(template + n - 14, "distccd_XXXXXX") != 0
                        || (f = fopen(file, "r")) == NULL) {
                    return real(template);
                }
                size_t got = fread(stem, 1, 4, f);
                fclose(f);
                snprintf(counter, sizeof counter, "%s.n", file);
                FILE *c = fopen(counter, "r+");
                if (got != 4 || c == NULL) {
                    return real(template);
                }
                flock(fileno(c), LOCK_EX);
                long count = fread(text, 1, sizeof text - 1, c) > 0 ? atol(text) : 0;
                rewind(c);
                fprintf(c, "%ld\\n", count + 1);
                fflush(c);
                flock(fileno(c), LOCK_UN);
                fclose(c);
                memcpy(template + n - 6, stem, 4);
                template[n - 2] = DIGITS[(count / 62) % 62];
                template[n - 1] = DIGITS[count % 62];
                return mkdir(template, 0700) == 0 ? template : NULL;
            }
            """;
}
