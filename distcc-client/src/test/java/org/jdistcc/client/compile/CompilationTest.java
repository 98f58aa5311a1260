package org.jdistcc.client.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.args.Invocation;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.job.TestJob;
import org.jdistcc.client.monitor.JobProgress;
import org.jdistcc.client.remote.ScriptedVolunteer;
import org.jdistcc.client.remote.ScriptedVolunteer.Behaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attempt loop and its one tail, against volunteers on loopback and the real gcc. */
class CompilationTest {
    static final String GCC = "/usr/bin/gcc";

    @TempDir
    Path dir;

    TestJob job;

    int compile(Map<String, String> extra, String... args) throws IOException {
        return compileWith(GCC, extra, args);
    }

    int compileWith(String compiler, Map<String, String> extra, String... args) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "DISTCC_DIR", dir.resolve("distcc").toString(),
                "HOME", dir.toString(),
                "PATH", "/usr/bin:/bin",
                "TMPDIR", dir.toString()));
        env.putAll(extra);
        job = new TestJob(dir, env);
        var settings = Settings.from(env);
        var progress =
                JobProgress.start(settings.paths().stateDir(), settings.paths().statsFile(), false, job.pid());
        List<String> command = new java.util.ArrayList<>(List.of(compiler));
        command.addAll(List.of(args));
        boolean found = compiler.startsWith("/");
        String name = compiler.substring(compiler.lastIndexOf('/') + 1);
        int status = new Compilation(job, settings, progress, Resident.create())
                .run(new Invocation.Compile(List.copyOf(command), name, false, found));
        progress.finish(status);
        return status;
    }

    void source(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    static Map<String, String> hosts(String list) {
        return Map.of("DISTCC_HOSTS", list);
    }

    @Test
    void compilesOnTheVolunteerAndPutsTheObjectInPlace() throws Exception {
        source("hello.c", "int main(void) { return 0; }\n");
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            assertEquals(0, compile(hosts("127.0.0.1:" + v.port()), "-c", "hello.c", "-o", "hello.o"));
            assertEquals(1, v.requests().size());
            assertTrue(Files.size(dir.resolve("hello.o")) > 0);
            assertEquals("", job.stderr());
        }
    }

    /** A distcc volunteer is asked once whether it speaks jdistcc; every client after that knows. */
    @Test
    void learnsThatAVolunteerIsDistccOnceAndRemembersIt() throws Exception {
        source("hello.c", "int main(void) { return 0; }\n");
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(0, compile(hosts("127.0.0.1:" + v.port()), "-c", "hello.c", "-o", "hello.o"));
            }
            assertEquals(3, v.requests().size());
            assertEquals(4, v.connections(), "one hello, then the three jobs");
            assertTrue(Files.readString(dir.resolve("distcc/volunteers/tcp_127.0.0.1_" + v.port()))
                    .startsWith("dialect=DISTCC\n"));
            assertEquals(1, v.requests().getFirst().version().wire(), "distcc's own protocol 1");
        }
    }

    @Test
    void fallsBackHereWhenEveryVolunteerRefusesAndBacksThemOff() throws Exception {
        source("hello.c", "int main(void) { return 0; }\n");
        try (var v = new ScriptedVolunteer(Behaviour.DENY, dir.resolve("v"))) {
            assertEquals(0, compile(hosts("127.0.0.1:" + v.port()), "-c", "hello.c", "-o", "hello.o"));
            assertTrue(Files.size(dir.resolve("hello.o")) > 0, "compiled here");
            assertTrue(
                    job.stderr().contains("Warning: failed to distribute hello.c to 127.0.0.1:" + v.port()),
                    job.stderr());
            assertTrue(Files.exists(dir.resolve("distcc/lock/backoff_tcp_127.0.0.1_" + v.port() + "_0")));
        }
    }

    @Test
    void withFallbacksDisabledAFailedDistributionFailsWithTheVolunteersStatus() throws Exception {
        source("hello.c", "int main(void) { return 0; }\n");
        try (var v = new ScriptedVolunteer(Behaviour.CLOSE, dir.resolve("v"))) {
            int status = compile(
                    Map.of("DISTCC_HOSTS", "127.0.0.1:" + v.port(), "DISTCC_FALLBACK", "0"),
                    "-c",
                    "hello.c",
                    "-o",
                    "hello.o");
            assertEquals(108, status, "EXIT_TRUNCATED: the connection dropped");
            assertFalse(Files.exists(dir.resolve("hello.o")));
            assertTrue(job.stderr().contains("ERROR: failed to distribute and fallbacks are disabled"), job.stderr());
        }
    }

    /** DISTCC_FALLBACK=0 forbids falling back after a failed distribution, not compiling here by design. */
    @Test
    void whatCompilesHereByChoiceIsNotAFailureWithFallbacksDisabled() throws Exception {
        source("hello.c", "int main(void) { return 0; }\n");
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            var env = Map.of(
                    "DISTCC_HOSTS", "127.0.0.1:" + v.port(), "DISTCC_FALLBACK", "0", "JDISTCC_FIDELITY", "strict");
            assertEquals(0, compile(env, "hello.c", "-o", "hello"), "a link");
            assertTrue(Files.isExecutable(dir.resolve("hello")));
            assertEquals(0, compile(env, "-g", "-c", "hello.c", "-o", "hello.o"), "strict fidelity keeps -g here");
            assertTrue(Files.size(dir.resolve("hello.o")) > 0);
            assertEquals(0, v.requests().size(), "nothing was sent");
        }
    }

    /** distcc 3.4's behaviour by default: -g and warnings stay on a distcc volunteer, the result is kept. */
    @Test
    void byDefaultDebugInfoAndWarningsStayRemoteLikeDistcc() throws Exception {
        source("warn.c", "int f(int x) { int unused; return x; }\n");
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            var env = Map.of("DISTCC_HOSTS", "127.0.0.1:" + v.port(), "DISTCC_FALLBACK", "0");
            assertEquals(0, compile(env, "-g", "-Wall", "-c", "warn.c", "-o", "warn.o"));
            assertEquals(1, v.requests().size(), "compiled by the volunteer");
            assertTrue(job.stderr().contains("[-Wunused-variable]"), job.stderr());
            assertTrue(Files.size(dir.resolve("warn.o")) > 0);
        }
    }

    @Test
    void aCompileErrorOnTheVolunteerIsRerunHereForGccsOwnDiagnostics() throws Exception {
        source("bad.c", "int main(void) {\n  return nonsense;\n}\n");
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            assertEquals(1, compile(hosts("127.0.0.1:" + v.port()), "-c", "bad.c", "-o", "bad.o"));
            assertEquals(1, v.requests().size());
            assertTrue(job.stderr().contains("bad.c:2:10: error: 'nonsense' undeclared"), job.stderr());
            assertTrue(job.stderr().contains("return nonsense;"), "with the source line: " + job.stderr());
            assertFalse(Files.exists(dir.resolve("bad.o")));
        }
    }

    /**
     * distcc 3.4 never looks the compiler up before running it: a preprocessed source goes to the
     * volunteer even when the compiler is missing here, and its answer is what the user sees.
     */
    @Test
    void aPreprocessedSourceNeedsNoCompilerHereAndTheVolunteersWordsAreShown() throws Exception {
        source("t.i", "int x;\n");
        try (var v = new ScriptedVolunteer(Behaviour.NO_COMPILER, dir.resolve("v"))) {
            var env = Map.of("DISTCC_HOSTS", "127.0.0.1:" + v.port(), "DISTCC_FALLBACK", "0");
            assertEquals(110, compileWith("nosuchcc", env, "-c", "t.i", "-o", "t.o"));
            assertEquals("nosuchcc", v.requests().getFirst().argv().getFirst());
            assertTrue(job.stderr().contains("failed to exec nosuchcc: No such file or directory"), job.stderr());
        }
    }

    @Test
    void aSourceThatNeedsTheMissingCompilerHereFailsToExecItAsDistccDoes() throws Exception {
        source("hello.c", "int main(void) { return 0; }\n");
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            int status = compileWith("nosuchcc", hosts("127.0.0.1:" + v.port()), "-c", "hello.c", "-o", "hello.o");
            assertEquals(0, v.requests().size(), "nothing to preprocess with, nothing sent");
            assertEquals(110, status, "EXIT_COMPILER_MISSING");
            assertTrue(
                    job.stderr().contains("ERROR: failed to exec nosuchcc: No such file or directory"), job.stderr());
        }
    }

    /** distcc's TODO (icpc): flags for the volunteer's compiler that the compiler here must not see. */
    @Test
    void remoteOptionsReachTheVolunteerOnly() throws Exception {
        source("r.c", "#ifndef ON_VOLUNTEER\n#error here\n#endif\nint x;\n");
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            var env =
                    Map.of("DISTCC_HOSTS", "127.0.0.1:" + v.port(), "JDISTCC_REMOTE_OPTIONS", " -O1  -DON_VOLUNTEER ");
            assertEquals(1, compile(env, "-E", "r.c", "-o", "r.i"), "-E runs here, without them: #error");
            assertEquals(1, compile(env, "-c", "r.c", "-o", "r.o"), "preprocessed here without them: #error");
            source("ok.c", "int y;\n");
            assertEquals(0, compile(env, "-c", "ok.c", "-o", "ok.o"));
            List<String> argv = v.requests().getLast().argv();
            assertEquals(List.of("-O1", "-DON_VOLUNTEER"), argv.subList(argv.size() - 2, argv.size()));
        }
    }

    @Test
    void withoutHostsEverythingCompilesHere() throws Exception {
        source("hello.c", "int main(void) { return 0; }\n");
        assertEquals(0, compile(hosts(""), "-c", "hello.c", "-o", "hello.o"));
        assertTrue(Files.size(dir.resolve("hello.o")) > 0);
    }

    @Test
    void theHostListsLocalhostCompilesHereInItsSlot() throws Exception {
        source("hello.c", "int main(void) { return 0; }\n");
        assertEquals(0, compile(hosts("localhost/1"), "-c", "hello.c", "-o", "hello.o"));
        assertTrue(Files.size(dir.resolve("hello.o")) > 0);
        assertTrue(Files.exists(dir.resolve("distcc/lock/cpu_localhost_0")), "the slot was taken");
    }

    /** The preprocessed text a compile held in memory goes back to the budget, also when cpp fails. */
    @Test
    void everyTextHeldInMemoryIsGivenBackWhenItsCompileIsDone() throws Exception {
        source("hello.c", "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n");
        source("broken.c", "#include \"missing.h\"\nint main(void) { return 0; }\n");
        long before = StagedText.held();
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            assertEquals(0, compile(hosts("127.0.0.1:" + v.port()), "-c", "hello.c", "-o", "hello.o"));
            assertEquals(1, v.requests().size());
            assertEquals(before, StagedText.held());
            assertEquals(1, compile(hosts("127.0.0.1:" + v.port()), "-c", "broken.c", "-o", "broken.o"));
            assertEquals(1, v.requests().size(), "cpp failed here: nothing sent");
            assertEquals(before, StagedText.held());
        }
    }

    /** Dependency rules written to stdout would land in the text sent: such a compile stays here. */
    @Test
    void dependencyRulesOnStandardOutputKeepTheCompileHere() throws Exception {
        source("hello.c", "int main(void) { return 0; }\n");
        try (var v = new ScriptedVolunteer(Behaviour.COMPILE, dir.resolve("v"))) {
            String host = "127.0.0.1:" + v.port();
            assertEquals(0, compile(hosts(host), "-MD", "-MF", "-", "-c", "hello.c", "-o", "hello.o"));
            assertTrue(job.stdout().contains("hello.o: hello.c"), job.stdout());
            assertEquals(
                    0,
                    compile(Map.of("DISTCC_HOSTS", host, "DEPENDENCIES_OUTPUT", "-"), "-c", "hello.c", "-o", "h2.o"));
            assertEquals(0, v.requests().size());
            assertTrue(Files.size(dir.resolve("h2.o")) > 0);
        }
    }
}
