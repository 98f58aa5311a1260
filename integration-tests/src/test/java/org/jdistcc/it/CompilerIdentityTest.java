package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volunteer whose {@code gcc} is another compiler (clang behind gcc's names) gets no job from our
 * client, and says so: in the client's warning, {@code distcc --show-hosts -v}, {@code lsdistcc} and,
 * when the client's knowledge is stale, the volunteer's own log. Distcc's volunteers, which cannot
 * say, are used as distcc would unless {@code JDISTCC_VERIFY_COMPILER=1}.
 */
@ExtendWith(RequiresInstallation.class)
class CompilerIdentityTest {
    @TempDir
    Path dir;

    Path shared;
    Path distccDir;
    byte[] gccObject;

    @BeforeEach
    void source(Installation jdistcc) throws Exception {
        shared = SharedDirectory.create("jdistcc-identity-test-");
        distccDir = Files.createDirectories(dir.resolve("distcc-dir"));
        Files.writeString(dir.resolve("a.c"), "int twice(int x) { return x * 2; }\n");
        Outcome here = jdistcc.userIn(dir).run("gcc", "-O2", "-c", "a.c", "-o", "here.o");
        assertEquals(0, here.exitCode(), here::toString);
        gccObject = Files.readAllBytes(dir.resolve("here.o"));
    }

    @AfterEach
    void removeShared() throws Exception {
        SharedDirectory.deleteTree(shared);
    }

    /** Our client with a DISTCC_DIR of this test's: what it learns of volunteers starts empty. */
    private CommandRunner user(Installation jdistcc, String hosts) {
        return jdistcc.userIn(dir).with("DISTCC_DIR", distccDir.toString()).with("DISTCC_HOSTS", hosts);
    }

    /**
     * Waits until the daemon has worked out its compilers' identities (the clang this test unpacked
     * takes seconds on a busy machine): a hello before that lists only part of them.
     */
    private static void identified(RunningDaemon daemon) throws InterruptedException {
        daemon.awaitLog(l -> l.contains("compiler names identified"), Duration.ofSeconds(120));
    }

    private Outcome compile(CommandRunner user, Installation jdistcc, String object) {
        return user.run(jdistcc.distcc().toString(), "gcc", "-O2", "-c", "a.c", "-o", object);
    }

    @Test
    void aVolunteerWhoseGccIsClangGetsNoJobAndEveryToolSaysWhy(Installation jdistcc) throws Exception {
        try (RunningDaemon clang = DaemonSetup.installed(jdistcc)
                .jobs(4)
                .environment(ClangBehindGcc.in(SharedDirectory.in(shared, "c")))
                .args(ClangBehindGcc.sandboxArgs(SharedDirectory.in(shared, "c")))
                .start()) {
            identified(clang);
            var user = user(jdistcc, clang.hostSpec(""));
            Outcome out = compile(user, jdistcc, "a.o");
            assertEquals(0, out.exitCode(), out::toString);
            assertArrayEquals(gccObject, Files.readAllBytes(dir.resolve("a.o")), "compiled here, by gcc");
            assertTrue(
                    out.stderr()
                            .contains("gets no x86_64-linux-gnu-gcc jobs: its x86_64-linux-gnu-gcc is another"
                                    + " compiler"),
                    out::toString);
            assertEquals(0, clang.countLines("source=a.c"), clang::log);

            Outcome again = compile(user, jdistcc, "b.o");
            assertEquals("", again.stderr(), "warned once, when it learned what the volunteer is");

            Outcome hosts = user.run(jdistcc.distcc().toString(), "--show-hosts", "-v", "gcc");
            assertEquals(0, hosts.exitCode(), hosts::toString);
            assertTrue(hosts.stdout().startsWith(clang.hostSpec("") + "\tjdistcc "), hosts::toString);
            assertTrue(hosts.stdout().contains("  gcc (as x86_64-linux-gnu-gcc): ANOTHER COMPILER"), hosts::toString);
            Outcome plain = user.run(jdistcc.distcc().toString(), "--show-hosts");
            assertEquals(clang.hostSpec("") + "\n", plain.stdout(), "as distcc 3.4 prints it");

            Outcome ls = user.run(
                    jdistcc.prefix().resolve("bin/lsdistcc").toString(),
                    "--format=tsv",
                    "--compiler=x86_64-linux-gnu-gcc",
                    "--stats-port=0",
                    clang.hostSpec(""));
            assertTrue(
                    ls.stdout().lines().anyMatch(l -> l.startsWith(clang.hostSpec("")) && l.endsWith("\tother")),
                    ls::toString);
        }
    }

    /**
     * What the client learned is kept a day; a volunteer whose compiler changed meanwhile checks the
     * identity the job carries, refuses, and logs it; the client compiles elsewhere and asks again.
     */
    @Test
    void aVolunteerWhoseCompilerChangedSinceRefusesTheJobAndLogsIt(Installation jdistcc) throws Exception {
        int port = FreePort.find();
        var user = user(jdistcc, "127.0.0.1:" + port);
        try (RunningDaemon gcc =
                DaemonSetup.installed(jdistcc).jobs(4).port(port).start()) {
            Outcome out = compile(user, jdistcc, "gcc.o");
            assertEquals(0, out.exitCode(), out::toString);
            assertTrue(gcc.awaitLines("outcome=ok", 1), gcc::log);
        }
        try (RunningDaemon clang = DaemonSetup.installed(jdistcc)
                .jobs(4)
                .port(port)
                .environment(ClangBehindGcc.in(SharedDirectory.in(shared, "c")))
                .args(ClangBehindGcc.sandboxArgs(SharedDirectory.in(shared, "c")))
                .start()) {
            identified(clang);
            Outcome out = compile(user, jdistcc, "stale.o");
            assertEquals(0, out.exitCode(), out::toString);
            assertTrue(clang.awaitLines("outcome=other-compiler", 1), clang::log);
            assertTrue(out.stderr().contains("the volunteer's compiler is another one"), out::toString);
            assertArrayEquals(gccObject, Files.readAllBytes(dir.resolve("stale.o")), "compiled here, by gcc");

            Outcome next = compile(user, jdistcc, "next.o");
            assertEquals(0, next.exitCode(), next::toString);
            assertTrue(next.stderr().contains("is another compiler"), "asked again, and learned:\n" + next);
            assertEquals(1, clang.countLines("source=a.c"), clang::log);
        }
    }

    @Test
    void verifyCompilerRefusesDistccVolunteersThatCannotSay(Installation jdistcc) throws Exception {
        try (RunningDaemon debian = DaemonSetup.debian().jobs(4).start()) {
            var user = user(jdistcc, debian.hostSpec(""));
            Outcome verified = user.with("JDISTCC_VERIFY_COMPILER", "1")
                    .with("DISTCC_FALLBACK", "0")
                    .run(jdistcc.distcc().toString(), "gcc", "-O2", "-c", "a.c", "-o", "verified.o");
            assertEquals(0, verified.exitCode(), verified::toString);
            assertEquals(0, debian.countLines("COMPILE_OK"), debian::log);
            Outcome trusted = compile(user.with("DISTCC_FALLBACK", "0"), jdistcc, "trusted.o");
            assertEquals(0, trusted.exitCode(), trusted::toString);
            assertTrue(debian.awaitLines("COMPILE_OK", 1), "as distcc would:\n" + debian.log());
            assertArrayEquals(gccObject, Files.readAllBytes(dir.resolve("trusted.o")));
        }
    }

    /** $DISTCC_DIR/compilers names the compiler to use on a volunteer: sent under that name, unchecked. */
    @Test
    void aMappedCompilerGoesUnderTheVolunteersName(Installation jdistcc) throws Exception {
        Map<String, String> clangAsGcc = ClangBehindGcc.in(SharedDirectory.in(shared, "c"));
        Path realGcc = Path.of(clangAsGcc.get("DISTCCD_PATH").split(":")[0], "realgcc");
        Files.createSymbolicLink(realGcc, Path.of("/usr/bin/gcc"));
        try (RunningDaemon daemon = DaemonSetup.installed(jdistcc)
                .jobs(4)
                .environment(clangAsGcc)
                .args("--allow-compiler", "realgcc")
                .args(ClangBehindGcc.sandboxArgs(SharedDirectory.in(shared, "c")))
                .start()) {
            Files.writeString(distccDir.resolve("compilers"), "127.0.0.1 x86_64-linux-gnu-gcc realgcc\n");
            Outcome out = compile(user(jdistcc, daemon.hostSpec("")).with("DISTCC_FALLBACK", "0"), jdistcc, "m.o");
            assertEquals(0, out.exitCode(), out::toString);
            assertTrue(daemon.awaitLines("compiler=realgcc source=a.c outcome=ok", 1), daemon::log);
            assertArrayEquals(gccObject, Files.readAllBytes(dir.resolve("m.o")));
        }
    }
}
