package org.jdistcc.daemon.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.daemon.serving.LoopbackSourceDaemon;
import org.jdistcc.testing.ClientProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case of {@link FidelityCases} twice in the same directory: plain gcc, then our client (a real
 * {@code distcc} process) against the source-mode serving classes on loopback. Every file written,
 * stderr, stdout and the exit status must be byte-identical, and the client must have compiled
 * remotely or locally as the case says. Remote failures are kept ({@code DISTCC_SKIP_LOCAL_RETRY}),
 * so error diagnostics are the volunteer's.
 */
class FidelityTableTest {
    @TempDir
    static Path temp;

    static FidelityProject project;
    static LoopbackSourceDaemon daemon;
    static final List<String> SUMMARY = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")) && Files.isExecutable(Path.of("/usr/bin/g++")));
        project = new FidelityProject(Files.createDirectories(temp.resolve("work/project")));
        daemon = new LoopbackSourceDaemon(Files.createDirectories(temp.resolve("jobs")));
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
        if (!SUMMARY.isEmpty()) {
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/fidelity-table.txt"), SUMMARY);
        }
    }

    static List<FidelityCases.Case> cases() {
        return FidelityCases.all();
    }

    /** The same locale for every run, and one with curly quotes, so that it must travel. */
    static Map<String, String> baseEnvironment(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("TMPDIR", home.toString());
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void remoteCompileIsIndistinguishableFromLocal(FidelityCases.Case c) throws Exception {
        List<String> command = c.words(project.dir().toString());
        FidelityProject.Result local = project.run(command, baseEnvironment(temp));

        Path log = temp.resolve("distcc.log");
        Files.deleteIfExists(log);
        Map<String, String> env = baseEnvironment(temp);
        // Written as users write it: the client learns that the volunteer is jdistcc by its hello.
        env.put("DISTCC_HOSTS", "127.0.0.1:" + daemon.port());
        env.put("DISTCC_FALLBACK", "0");
        env.put("DISTCC_DIR", temp.resolve("distcc").toString());
        env.put("DISTCC_LOG", log.toString());
        env.put("DISTCC_VERBOSE", "1");
        env.put("DISTCC_SKIP_LOCAL_RETRY", "1");
        env.put("DISTCC_BACKOFF_PERIOD", "0");
        int servedBefore = daemon.served();
        FidelityProject.Result remote = project.run(ClientProcess.command(command), env);
        String trace = Files.exists(log) ? Files.readString(log) : "";
        boolean wasRemote = daemon.served() > servedBefore && trace.contains("in source mode");

        assertEquals(local.status(), remote.status(), "exit status\n" + trace + text(remote.stderr()));
        assertEquals(text(local.stderr()), text(remote.stderr()), "stderr");
        assertArrayEquals(local.stderr(), remote.stderr(), "stderr bytes");
        assertArrayEquals(local.stdout(), remote.stdout(), "stdout bytes");
        assertEquals(local.files().keySet(), remote.files().keySet(), "files written\n" + trace);
        for (var file : local.files().entrySet()) {
            assertArrayEquals(file.getValue(), remote.files().get(file.getKey()), file.getKey() + "\n" + trace);
        }
        assertTrue(!local.files().isEmpty() || local.status() != 0, "the case writes something");
        assertEquals(c.expect() == FidelityCases.Expect.REMOTE, wasRemote, "compiled remotely?\n" + trace);
        SUMMARY.add(String.format(
                "%-40s %-6s identical (status %d, %d files, %d stderr bytes)",
                c.name(),
                wasRemote ? "remote" : "local",
                local.status(),
                local.files().size(),
                local.stderr().length));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
