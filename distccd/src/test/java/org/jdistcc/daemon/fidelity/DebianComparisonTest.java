package org.jdistcc.daemon.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdistcc.testing.ClientProcess;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Distccd;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fidelity table against Debian's {@code distccd} 3.4 on loopback: first with Debian's own client
 * (what distcc users get today; the differences are recorded in {@code target/fidelity-debian.txt},
 * not asserted away), then with ours, which must stay byte-identical to local gcc by compiling here
 * whatever a distcc 3.4 volunteer cannot reproduce.
 */
class DebianComparisonTest {
    @TempDir
    static Path temp;

    static FidelityProject project;
    static RunningDaemon distccd;

    /** Cases our client runs against Debian's daemon: one per kind of outcome, to bound the run time. */
    private static final Set<String> OURS_AGAINST_DEBIAN = Set.of(
            "c -O2",
            "c -g",
            "c -MMD -MF -MT",
            "c -fstack-usage",
            "c warnings in and out of macros",
            "c error",
            "cpp -O2",
            "cpp -Wp,-MD",
            "cpp -fdiagnostics-color=always");

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        assumeTrue(Distccd.debianInstalled(), "Debian's distcc and distccd are installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")) && Files.isExecutable(Path.of("/usr/bin/g++")));
        project = new FidelityProject(Files.createDirectories(temp.resolve("work/project")));
        distccd = DaemonSetup.debian().jobs(2).start();
    }

    @AfterAll
    static void stop() {
        if (distccd != null) {
            distccd.close();
        }
    }

    private static Map<String, String> environment() {
        Map<String, String> env = FidelityTableTest.baseEnvironment(temp);
        env.put("DISTCC_HOSTS", "127.0.0.1:" + distccd.port());
        Path distccDir = temp.resolve("distcc");
        try {
            // distcc 3.4 does not create a DISTCC_DIR it is given.
            Files.createDirectories(distccDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        env.put("DISTCC_DIR", distccDir.toString());
        env.put("DISTCC_BACKOFF_PERIOD", "0");
        return env;
    }

    @Test
    void debiansClientAndDaemonDifferFromLocalCompiles() throws Exception {
        List<String> lines = new ArrayList<>();
        int differ = 0;
        for (FidelityCases.Case c : FidelityCases.all()) {
            List<String> command = c.words(project.dir().toString());
            FidelityProject.Result local = project.run(command, FidelityTableTest.baseEnvironment(temp));
            List<String> viaDistcc = new ArrayList<>();
            viaDistcc.add(Distccd.DEBIAN_DISTCC.toString());
            viaDistcc.addAll(command);
            FidelityProject.Result remote = project.run(viaDistcc, environment());
            List<String> differences = differences(local, remote);
            if (!differences.isEmpty()) {
                differ++;
            }
            lines.add(String.format(
                    "%-40s %s",
                    c.name(), differences.isEmpty() ? "identical" : "DIFFERS: " + String.join(", ", differences)));
        }
        lines.add(differ + " of " + FidelityCases.all().size() + " cases differ from a local compile");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/fidelity-debian.txt"), lines);
        assertTrue(differ > 0, "Debian's distcc is expected to differ somewhere: " + lines);
    }

    @Test
    void strictlyOurClientCompilesHereWhatADistccVolunteerCannotReproduce() throws Exception {
        List<String> lines = new ArrayList<>();
        for (FidelityCases.Case c : FidelityCases.all()) {
            if (!OURS_AGAINST_DEBIAN.contains(c.name())) {
                continue;
            }
            List<String> command = c.words(project.dir().toString());
            FidelityProject.Result local = project.run(command, FidelityTableTest.baseEnvironment(temp));
            Path log = temp.resolve("ours.log");
            Files.deleteIfExists(log);
            Map<String, String> env = environment();
            env.put("DISTCC_LOG", log.toString());
            env.put("DISTCC_VERBOSE", "1");
            env.put("JDISTCC_FIDELITY", "strict");
            FidelityProject.Result ours = project.run(ClientProcess.command(command), env);
            String trace = Files.exists(log) ? Files.readString(log) : "";
            assertEquals(List.of(), differences(local, ours), c.name() + "\n" + trace);
            boolean kept = trace.contains("completed ok") && !trace.contains(" locally: ");
            lines.add(String.format("%-40s identical, %s", c.name(), kept ? "remote result kept" : "compiled here"));
            if (c.name().equals("c -g") || c.name().equals("c -fstack-usage")) {
                assertTrue(!kept && trace.contains(" locally: "), "says why it compiles here:\n" + trace);
            }
            if (c.name().equals("c -O2") || c.name().equals("cpp -O2")) {
                assertTrue(kept, "a plain optimised compile is identical as preprocessed text:\n" + trace);
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/fidelity-ours-vs-debian-daemon.txt"), lines);
    }

    /** What differs between two runs: "status", "stderr", "stdout", or the names of files. */
    static List<String> differences(FidelityProject.Result local, FidelityProject.Result remote) {
        List<String> differences = new ArrayList<>();
        if (local.status() != remote.status()) {
            differences.add("status " + local.status() + "/" + remote.status());
        }
        if (!Arrays.equals(local.stderr(), remote.stderr())) {
            differences.add("stderr");
        }
        if (!Arrays.equals(local.stdout(), remote.stdout())) {
            differences.add("stdout");
        }
        for (String name : local.files().keySet()) {
            byte[] other = remote.files().get(name);
            if (other == null) {
                differences.add(name + " missing");
            } else if (!Arrays.equals(local.files().get(name), other)) {
                differences.add(name);
            }
        }
        for (String name : remote.files().keySet()) {
            if (!local.files().containsKey(name)) {
                differences.add(name + " extra");
            }
        }
        return differences;
    }
}
