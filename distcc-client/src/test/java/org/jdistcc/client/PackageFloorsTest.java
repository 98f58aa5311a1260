package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client's packages are floors (docs/architecture.md; each package-info.java says what it may
 * use): a job and the host grammar at the bottom, the compile's loop near the top, the wiring and
 * the agent above it. Checked on the sources by {@code scripts/PackageFloors.java}.
 */
class PackageFloorsTest {
    static final List<String> FLOORS = List.of(
            "job,hosts,includes",
            "config,sources,scheduling",
            "args,remote,discovery",
            "stats",
            "monitor,lsdistcc",
            "compile",
            ".",
            "agent");

    @Test
    void noPackageUsesOneOnItsOwnFloorOrAboveAndNoneUseEachOtherRoundACircle() throws Exception {
        Path module = Path.of(System.getProperty("basedir", "."));
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", // the source launcher's javac starts sooner
                module.resolve("../scripts/PackageFloors.java").toString(),
                module.resolve("src/main/java").toString(),
                "org.jdistcc.client"));
        command.addAll(FLOORS);
        Path output = Files.createTempFile("package-floors", ".txt");
        try {
            Process check = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertTrue(check.waitFor(120, TimeUnit.SECONDS), "PackageFloors.java still running");
            String report = Files.readString(output);
            assertEquals(0, check.exitValue(), report);
            assertTrue(report.contains("15 packages under org.jdistcc.client: no circle, no use up a floor"), report);
        } finally {
            Files.delete(output);
        }
    }
}
