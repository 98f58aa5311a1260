package org.jdistcc.daemon.fidelity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A small C and C++ project with clean, warning and error sources, and a way to run a command in it
 * and collect everything the command wrote, leaving the project as it was.
 */
final class FidelityProject {
    /**
     * What one compile did: its exit status, stdout and stderr bytes, and the files it wrote.
     * Compared field by field with assertArrayEquals, never with equals.
     */
    @SuppressWarnings("ArrayRecordComponent")
    record Result(int status, byte[] stdout, byte[] stderr, Map<String, byte[]> files) {}

    private final Path dir;
    private final Set<Path> sources = new HashSet<>();

    FidelityProject(Path dir) throws IOException {
        this.dir = dir;
        write("inc/util.h", """
                #ifndef UTIL_H
                #define UTIL_H
                #include <stddef.h>
                #define SQUARE(x) ((x) * (x))
                #define DECLARE_UNUSED(v) do { int unused_##v = 0; } while (0)
                static inline int twice(int a) { return a + a; }
                #endif
                """);
        write("clean.c", """
                #include <stdio.h>
                #include <string.h>
                #include "util.h"

                struct point { int x, y; };

                static int area(struct point p) { return SQUARE(p.x) + p.y; }

                int main(int argc, char **argv) {
                    struct point p = { argc, (int) strlen(argv[0]) };
                    printf("%s:%d %d\\n", __FILE__, __LINE__, area(p) + twice(argc));
                    return 0;
                }
                """);
        write("warn.c", """
                #include <stdio.h>
                #include "util.h"
                #define CHECK(x) if (x) printf("yes\\n"); printf("always\\n")

                int compute(int n) {
                    int arr[4] = {0};
                    DECLARE_UNUSED(z);
                    int unused;
                    unsigned u = n;
                    if (u < 0) return 1;
                    CHECK(n > 2);
                    return arr[n & 3] + SQUARE(n++ + n);
                }

                int main(void) { printf("%d\\n", compute(3)); return 0; }
                """);
        write("err.c", """
                #include <string.h>
                #include "util.h"

                int main(void) {
                    size_t n = strlen(42);
                    return SQUARE(undeclared) + (int) n;
                }
                """);
        write("clean.cpp", """
                #include <iostream>
                #include <string>
                #include <vector>
                #include "util.h"

                template <typename T> T add(T a, T b) { return a + b; }

                int main(int argc, char **argv) {
                    std::vector<std::string> words(argv, argv + argc);
                    std::cout << __FILE__ << ' ' << add(words.size(), size_t(SQUARE(2))) << std::endl;
                    return twice(argc) > 100;
                }
                """);
        write("warn.cpp", """
                #include <vector>
                #include "util.h"

                template <typename T> int count(const std::vector<T> &v, int n) {
                    int hits = 0;
                    for (int i = 0; i < v.size(); i++) hits += v[i] == n;
                    return hits;
                }

                int main() {
                    std::vector<int> v{1, 2, 3};
                    DECLARE_UNUSED(q);
                    int unused = SQUARE(3);
                    return count(v, 2);
                }
                """);
        write("err.cpp", """
                #include <string>
                #include <vector>

                int main() {
                    std::vector<std::string> v;
                    v.push_back(42);
                    return v.size();
                }
                """);
        Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(dir.resolve("deps"));
    }

    Path dir() {
        return dir;
    }

    private void write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        sources.add(file);
    }

    /** Runs {@code command} in the project and takes back whatever it wrote. */
    Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("fidelity", ".stdout");
        Path stderr = Files.createTempFile("fidelity", ".stderr");
        try {
            var builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            builder.environment().put("PWD", dir.toString());
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Result(
                    process.exitValue(), Files.readAllBytes(stdout), Files.readAllBytes(stderr), takeOutputs());
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** Every file that is not one of the sources, by relative name; deleted from the project. */
    private Map<String, byte[]> takeOutputs() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        List<Path> found = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).filter(p -> !sources.contains(p)).forEach(found::add);
        }
        for (Path p : found) {
            files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            Files.delete(p);
        }
        return files;
    }
}
