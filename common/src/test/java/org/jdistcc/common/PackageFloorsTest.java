package org.jdistcc.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * common's packages share one floor above {@code digest} and {@code io} (digests, streams, whole
 * files, which use only the JDK): the command-line model, compiler identities, TLS, DNS, process
 * starting and the few shared definitions use none of each other, only those two. Checked on the sources by {@code scripts/PackageFloors.java},
 * which the other modules' PackageFloorsTest run too; its own behaviour is pinned here.
 */
class PackageFloorsTest {
    @TempDir
    Path temp;

    record Report(int exitCode, String text) {}

    /** Runs {@code scripts/PackageFloors.java} on {@code sources}; bounded, output through a file. */
    static Report check(Path sources, String root, String... floors) throws IOException, InterruptedException {
        Path module = Path.of(System.getProperty("basedir", "."));
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", // the source launcher's javac starts sooner
                module.resolve("../scripts/PackageFloors.java").toString(),
                sources.toString(),
                root));
        command.addAll(List.of(floors));
        Path output = Files.createTempFile("package-floors", ".txt");
        try {
            Process check = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!check.waitFor(120, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                throw new AssertionError("PackageFloors.java still running after 120 s");
            }
            return new Report(check.exitValue(), Files.readString(output));
        } finally {
            Files.delete(output);
        }
    }

    @Test
    void commonsPackagesUseNoneOfEachOther() throws Exception {
        Report report = check(
                Path.of(System.getProperty("basedir", "."), "src/main/java"),
                "org.jdistcc.common",
                "digest,io",
                "args,toolchain,tls,dns,process,.");
        assertEquals(0, report.exitCode(), report.text());
        assertTrue(
                report.text().contains("8 packages under org.jdistcc.common: no circle, no use up a floor"),
                report.text());
    }

    @Test
    void reportsEveryUseUpAFloorWithItsLineAndEveryCircle() throws Exception {
        write("x/low/A.java", """
                package x.low;

                // x.high.Ignored in a comment does not count, nor "x.high.Ignored" in a string
                class A {
                    x.high.B b;
                }
                """);
        write("x/high/B.java", """
                package x.high;

                import x.low.*;

                class B {}
                """);
        write("x/C.java", """
                package x;

                class C {}
                """);

        Report floors = check(temp, "x", "low", "high");
        assertEquals(1, floors.exitCode(), floors.text());
        assertTrue(floors.text().contains("A.java:5: x.low uses x.high, on a floor above"), floors.text());
        assertTrue(floors.text().contains("x is on no floor"), floors.text());
        assertTrue(floors.text().contains("circle among x.high, x.low"), floors.text());
        assertEquals(
                1,
                floors.text()
                        .lines()
                        .filter(l -> l.contains("on a floor above"))
                        .count(),
                floors.text());

        Report circlesOnly = check(temp, "x");
        assertEquals(1, circlesOnly.exitCode(), circlesOnly.text());
        assertTrue(circlesOnly.text().contains("x.low uses [x.high]"), circlesOnly.text());
    }

    private void write(String name, String text) throws IOException {
        Path file = temp.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
