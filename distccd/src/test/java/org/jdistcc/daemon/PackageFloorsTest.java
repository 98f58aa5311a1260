package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The daemon's packages are floors (each package-info.java says what it may use): start-up, sockets,
 * compilers, statistics and the file cache use none of each other; serving uses them; the entry point
 * wires all.
 * Checked on the sources by {@code scripts/PackageFloors.java}.
 */
class PackageFloorsTest {
    @Test
    void noPackageUsesOneOnItsOwnFloorOrAboveAndNoneUseEachOtherRoundACircle() throws Exception {
        Path module = Path.of(System.getProperty("basedir", "."));
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", // the source launcher's javac starts sooner
                module.resolve("../scripts/PackageFloors.java").toString(),
                module.resolve("src/main/java").toString(),
                "org.jdistcc.daemon",
                "launch,net,compilers,status,cache,zeroconf",
                "serving",
                "."));
        Path output = Files.createTempFile("package-floors", ".txt");
        try {
            Process check = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertTrue(check.waitFor(120, TimeUnit.SECONDS), "PackageFloors.java still running");
            String report = Files.readString(output);
            assertEquals(0, check.exitValue(), report);
            assertTrue(report.contains("8 packages under org.jdistcc.daemon: no circle, no use up a floor"), report);
        } finally {
            Files.delete(output);
        }
    }
}
