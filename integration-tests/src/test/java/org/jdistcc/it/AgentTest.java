package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FakeVolunteer;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client agent ({@code launcher/distcc.c} + {@code AgentMain}) must be invisible: every
 * compile gives the same object, output and exit status as the cold JVM ({@code JDISTCC_AGENT=0}),
 * and nothing that happens to the agent can fail a compile.
 */
@ExtendWith(RequiresInstallation.class)
class AgentTest {
    private static final String SOURCES = """
            ok.c:int ok(int x) { return x + 1; }
            warn.c:int warn(void) { int unused; return 2; }
            syntax.c:int broken( { return; }
            main.c:#include <stdio.h>
            main.c:int main(void) { puts("hi"); return 0; }
            """;

    @TempDir
    static Path shared;

    static RunningDaemon debian;
    static Path distccDir;

    @BeforeAll
    static void startVolunteer() throws Exception {
        debian = DaemonSetup.debian().jobs(4).start();
        distccDir = shared.resolve("distcc-dir");
    }

    @AfterAll
    static void stopVolunteerAndAgents() {
        debian.close();
        killAgents(distccDir);
    }

    @TempDir
    Path dir;

    /** The arguments after the client's name, each run by both paths; "HOSTS" is Debian's distccd. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "gcc -c ok.c -o ok.o",
                "gcc -Wall -c warn.c -o warn.o",
                "gcc -c syntax.c -o syntax.o",
                "gcc -c missing.c -o missing.o",
                "gcc -E ok.c",
                "gcc main.c -o prog",
                "gcc -c sub/ok.c -o sub/ok.o",
                "DEAD gcc -c ok.c -o ok.o",
                "UMASK027 gcc -c ok.c -o ok.o",
            })
    void agentAndColdPathGiveTheSameResults(String command, Installation jdistcc) throws Exception {
        String deadHost = "127.0.0.1:" + FreePort.find();
        Run cold = run(jdistcc, command, deadHost, dir.resolve("cold"), false);
        Run agent = run(jdistcc, command, deadHost, dir.resolve("agent"), true);
        assertEquals(cold.outcome.exitCode(), agent.outcome.exitCode(), () -> cold.outcome + "\n" + agent.outcome);
        assertEquals(normalise(cold.outcome.stdout()), normalise(agent.outcome.stdout()));
        assertEquals(normalise(cold.outcome.stderr()), normalise(agent.outcome.stderr()));
        assertEquals(cold.files.size(), agent.files.size(), () -> cold.files + " vs " + agent.files);
        for (int i = 0; i < cold.files.size(); i++) {
            Path c = cold.files.get(i);
            Path a = agent.files.get(i);
            assertEquals(dir.resolve("cold").relativize(c), dir.resolve("agent").relativize(a));
            if (!c.getFileName().toString().equals("prog")) {
                assertArrayEquals(Files.readAllBytes(c), Files.readAllBytes(a), c.toString());
            }
            assertEquals(
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(c)),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(a)),
                    "mode of " + a);
        }
        if (command.startsWith("UMASK027")) {
            assertEquals(
                    "rw-r-----",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("agent/ok.o"))));
        }
    }

    @Test
    void startsTheAgentOnDemandAndLaterCompilesUseIt(Installation jdistcc) throws Exception {
        Path own = dir.resolve("own-distcc-dir");
        try {
            Path work = sources(dir.resolve("w"));
            CommandRunner user =
                    jdistcc.userIn(work).with("DISTCC_DIR", own.toString()).with("DISTCC_HOSTS", debian.hostSpec(""));
            Outcome first = user.run(jdistcc.distcc().toString(), "gcc", "-c", "ok.c", "-o", "ok.o");
            assertEquals(0, first.exitCode(), first::toString);
            awaitAgent(own);
            Outcome later = user.with("DISTCC_VERBOSE", "1")
                    .run(jdistcc.distcc().toString(), "gcc", "-c", "ok.c", "-o", "ok2.o");
            assertEquals(0, later.exitCode(), later::toString);
            assertTrue(later.stderr().contains("handled by the client agent"), later::toString);
            Outcome off = user.with("DISTCC_VERBOSE", "1")
                    .with("JDISTCC_AGENT", "0")
                    .run(jdistcc.distcc().toString(), "gcc", "-c", "ok.c", "-o", "ok3.o");
            assertEquals(0, off.exitCode(), off::toString);
            assertFalse(off.stderr().contains("handled by the client agent"), off::toString);
        } finally {
            killAgents(own);
        }
    }

    /**
     * A make -j8's first burst in a new {@code DISTCC_DIR}: one agent starts, and every compile waits
     * for it instead of starting a JVM of its own (1.6 s each on a 2-CPU machine, against 0.2-0.3 s
     * for the agent to listen).
     */
    @Test
    void aBurstOfFirstCompilesStartsOneAgentAndEveryOneWaitsForIt(Installation jdistcc) throws Exception {
        Path own = dir.resolve("burst-distcc-dir");
        try {
            Path work = sources(dir.resolve("burst"));
            var user = jdistcc.userIn(work)
                    .with("DISTCC_DIR", own.toString())
                    .with("DISTCC_HOSTS", debian.hostSpec(""))
                    .with("DISTCC_VERBOSE", "1");
            List<Process> burst = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                burst.add(user.start(
                        List.of(jdistcc.distcc().toString(), "gcc", "-c", "ok.c", "-o", "ok" + i + ".o"),
                        work.resolve("out" + i),
                        work.resolve("err" + i)));
            }
            for (int i = 0; i < burst.size(); i++) {
                assertTrue(burst.get(i).waitFor(120, TimeUnit.SECONDS), "compile " + i + " finished");
                String err = Files.readString(work.resolve("err" + i));
                assertEquals(0, burst.get(i).exitValue(), err);
                assertTrue(err.contains("handled by the client agent"), "compile " + i + " ran cold:\n" + err);
                assertTrue(Files.size(work.resolve("ok" + i + ".o")) > 0);
            }
            assertEquals(1, agents(own).count(), "agents for " + own);
        } finally {
            killAgents(own);
        }
    }

    @Test
    void compileSucceedsWhenTheAgentIsKilledMidJob(Installation jdistcc) throws Exception {
        Path own = dir.resolve("own-distcc-dir");
        Path work = sources(dir.resolve("w"));
        try (var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.SILENT)) {
            startAgent(jdistcc, own);
            Process client = start(jdistcc, work, own, volunteer.port(), "3");
            awaitConnection(volunteer);
            ProcessHandle agent = agents(own).findFirst().orElseThrow();
            agent.destroyForcibly();
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client finishes without its agent");
            assertEquals(0, client.exitValue(), () -> read(work.resolve("err.txt")));
            assertTrue(Files.size(work.resolve("ok.o")) > 0);
        } finally {
            killAgents(own);
        }
    }

    @Test
    void interruptedLauncherLeavesNoObjectAndNoTempFile(Installation jdistcc) throws Exception {
        Path own = dir.resolve("own-distcc-dir");
        Path work = sources(dir.resolve("w"));
        try (var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.SILENT)) {
            startAgent(jdistcc, own);
            Process client = start(jdistcc, work, own, volunteer.port(), "300");
            awaitConnection(volunteer);
            Thread.sleep(300); // the request is out; the job waits for the volunteer's reply
            new ProcessBuilder("kill", "-INT", Long.toString(client.pid()))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the launcher exits on SIGINT");
            assertEquals(128 + 2, client.exitValue());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<Path> left;
            do {
                Thread.sleep(50);
                left = new ArrayList<>(BrokenVolunteerTest.leftovers(work));
                try (Stream<Path> tmp = Files.list(work.resolve("tmp"))) {
                    left.addAll(tmp.toList());
                }
            } while (!left.isEmpty() && System.nanoTime() < deadline);
            assertEquals(List.of(), left, "temp files of the abandoned job");
            assertFalse(Files.exists(work.resolve("ok.o")));
            assertTrue(agents(own).findAny().isPresent(), "the agent survives its client");
        } finally {
            killAgents(own);
        }
    }

    private record Run(Outcome outcome, List<Path> files) {}

    private Run run(Installation jdistcc, String command, String deadHost, Path work, boolean agent)
            throws IOException {
        sources(work);
        List<String> words = new ArrayList<>(List.of(command.split(" ")));
        String hosts = debian.hostSpec("");
        String umask = "022";
        if (words.getFirst().equals("DEAD")) {
            words.removeFirst();
            hosts = deadHost;
        } else if (words.getFirst().equals("UMASK027")) {
            words.removeFirst();
            umask = "027";
        }
        CommandRunner user = jdistcc.userIn(work)
                .with("DISTCC_DIR", distccDir.toString())
                .with("DISTCC_HOSTS", hosts)
                .with("DISTCC_BACKOFF_PERIOD", "0");
        if (agent) {
            startAgent(jdistcc, distccDir);
        } else {
            user = user.with("JDISTCC_AGENT", "0");
        }
        var script = new StringBuilder("umask " + umask + "; exec '" + jdistcc.distcc() + "'");
        for (String word : words) {
            script.append(" '").append(word).append('\'');
        }
        Outcome outcome = user.run("/bin/sh", "-c", script.toString());
        List<Path> files;
        try (Stream<Path> all = Files.walk(work)) {
            files = all.filter(p -> p.toString().endsWith(".o")
                            || p.getFileName().toString().equals("prog")
                            || p.getFileName().toString().contains("distcc-tmp"))
                    .sorted()
                    .toList();
        }
        return new Run(outcome, files);
    }

    /** The pid in distcc's messages is the client's own, different in every run. */
    private static String normalise(String text) {
        return text.replaceAll("distcc\\[\\d+\\]", "distcc[PID]");
    }

    private static Path sources(Path work) throws IOException {
        Files.createDirectories(work.resolve("sub"));
        Files.createDirectories(work.resolve("tmp"));
        for (String line : SOURCES.lines().toList()) {
            int colon = line.indexOf(':');
            Path file = work.resolve(line.substring(0, colon));
            Files.writeString(
                    file,
                    line.substring(colon + 1) + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        Files.copy(work.resolve("ok.c"), work.resolve("sub/ok.c"));
        return work;
    }

    /** A first compile starts the agent (and waits for it); then make sure its socket is there. */
    static void startAgent(Installation jdistcc, Path distccDir) throws IOException {
        if (agents(distccDir).findAny().isPresent() && socket(distccDir).isPresent()) {
            return;
        }
        Path work = sources(Files.createTempDirectory(distccDir.getParent(), "start-agent"));
        Outcome started = jdistcc.userIn(work)
                .with("DISTCC_DIR", distccDir.toString())
                .run(jdistcc.distcc().toString(), "gcc", "-c", "ok.c", "-o", "ok.o");
        assertEquals(0, started.exitCode(), started::toString);
        awaitAgent(distccDir);
    }

    private static void awaitAgent(Path distccDir) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (socket(distccDir).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertTrue(socket(distccDir).isPresent(), "the agent listens in " + distccDir.resolve("agent"));
    }

    private static Optional<Path> socket(Path distccDir) throws IOException {
        Path agentDir = distccDir.resolve("agent");
        if (!Files.isDirectory(agentDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(agentDir)) {
            return files.filter(p -> p.toString().endsWith(".sock")).findFirst();
        }
    }

    private static Stream<ProcessHandle> agents(Path distccDir) {
        String marker = distccDir.resolve("agent").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream()
                        .anyMatch(a -> a.startsWith(marker)));
    }

    static void killAgents(Path distccDir) {
        agents(distccDir).forEach(p -> {
            p.destroyForcibly();
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
        });
    }

    private static Process start(Installation jdistcc, Path work, Path distccDir, int port, String ioTimeout)
            throws IOException {
        return jdistcc.userIn(work)
                .with("DISTCC_DIR", distccDir.toString())
                .with("DISTCC_HOSTS", "127.0.0.1:" + port)
                .with("DISTCC_IO_TIMEOUT", ioTimeout)
                .with("TMPDIR", work.resolve("tmp").toString())
                .start(
                        // The client gets SIGINT's default action even when this JVM was started with it
                        // ignored (by a shell's background job), which a process inherits through exec.
                        List.of(
                                "env",
                                "--default-signal=INT",
                                jdistcc.distcc().toString(),
                                "gcc",
                                "-c",
                                "ok.c",
                                "-o",
                                "ok.o"),
                        work.resolve("out.txt"),
                        work.resolve("err.txt"));
    }

    private static void awaitConnection(FakeVolunteer volunteer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (volunteer.jobs() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, volunteer.jobs(), "the job reached the volunteer");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
