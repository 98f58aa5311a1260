package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.common.tls.KeyLine;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.testing.ClientProcess;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Distccd;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS transport between our client and our daemon, both real processes on loopback: one volunteer
 * with {@code --host-key}, {@code --authorized-keys} (client A's key), {@code --token-file} and {@code
 * --tls-only}. Every refusal comes before a job: the volunteer's log has no job line for it, and the
 * client compiles here with distcc's warning. Key files are made with mode 600, {@code --show-key}
 * prints one line, and a volunteer without {@code --tls-only} still serves distcc's plaintext.
 */
class TlsTransportTest {
    private static final String TOKEN = "ci-fleet-token-0123456789";
    private static final String JOB = "source=hello.c";
    private static final List<String> COMPILE = List.of("gcc", "-O2", "-c", "hello.c", "-o", "hello.o");

    @TempDir
    static Path temp;

    static RunningDaemon volunteer;
    static Path keys;
    static String hostKeyLine;
    static String clientKeyLine;
    static byte[] localObject;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        Path project = project();
        Outcome local = CommandRunner.in(project).run(COMPILE);
        assertEquals(0, local.exitCode(), local::toString);
        localObject = Files.readAllBytes(project.resolve("hello.o"));

        clientKeyLine = showClientKey(temp.resolve("a"));
        keys = SharedDirectory.create("jdistcc-tls-");
        Files.writeString(keys.resolve("authorized_keys"), "# the build machines\n\n" + clientKeyLine + "\n");
        Files.writeString(keys.resolve("tokens"), "# CI\n" + TOKEN + "\n");
        volunteer = DaemonSetup.ours()
                .args(
                        "--host-key",
                        keys.resolve("host_key").toString(),
                        "--authorized-keys",
                        keys.resolve("authorized_keys").toString(),
                        "--token-file",
                        keys.resolve("tokens").toString(),
                        "--tls-only")
                .start();
        Outcome shown = CommandRunner.in(temp)
                .run(Distccd.ours(List.of("--host-key", keys.resolve("host_key").toString(), "--show-key")));
        assertEquals(0, shown.exitCode(), shown::toString);
        hostKeyLine = shown.stdout().strip();
    }

    @AfterAll
    static void stop() {
        if (volunteer != null) {
            volunteer.close();
        }
        if (keys != null) {
            SharedDirectory.deleteTree(keys);
        }
    }

    @Test
    void keyFilesAreMadeWithMode600AndShownAsOneLine() throws Exception {
        assertTrue(hostKeyLine.matches("ed25519 [A-Za-z0-9+/]{43}= distccd@\\S+"), hostKeyLine);
        assertTrue(clientKeyLine.matches("ed25519 [A-Za-z0-9+/]{43}= \\S+@\\S+"), clientKeyLine);
        assertEquals("rw-------", mode(keys.resolve("host_key")));
        assertEquals("rw-------", mode(temp.resolve("a/client_key")));
        assertEquals(clientKeyLine, showClientKey(temp.resolve("a")), "the same key the second time");
        assertTrue(volunteer.log().contains(KeyLine.parse(hostKeyLine).keyText()), "the daemon logs its key");
    }

    @Test
    void anAuthorizedClientCompilesOverTlsByteIdenticalToLocal() throws Exception {
        long jobs = volunteer.countLines(JOB);
        Outcome outcome = compile(temp.resolve("a"), Map.of());
        assertEquals(0, outcome.exitCode(), outcome::toString);
        assertTrue(volunteer.awaitLines(JOB, jobs + 1), volunteer.log());
        assertArrayEquals(localObject, Files.readAllBytes(temp.resolve("project-a/hello.o")));
        assertFalse(outcome.stderr().contains("Warning"), outcome::toString);
    }

    @Test
    void aClientWithTheTokenIsAdmittedAndOneWithAWrongTokenIsNot() throws Exception {
        Path good = Files.writeString(temp.resolve("good-token"), TOKEN + "\n");
        Path wrong = Files.writeString(temp.resolve("wrong-token"), "ci-fleet-token-9999999999\n");
        long jobs = volunteer.countLines(JOB);
        Outcome admitted = compile(temp.resolve("token"), Map.of("JDISTCC_TOKEN_FILE", good.toString()));
        assertEquals(0, admitted.exitCode(), admitted::toString);
        assertTrue(volunteer.awaitLines(JOB, jobs + 1), volunteer.log());

        Outcome refused = compile(temp.resolve("wrong"), Map.of("JDISTCC_TOKEN_FILE", wrong.toString()));
        assertRefusedAndCompiledHere(refused, jobs + 1, "sent a wrong token");
        volunteer.awaitLog(
                l -> l.contains("refused: client key") && l.contains("a wrong token"), Duration.ofSeconds(5));
    }

    @Test
    void aClientWhoseKeyIsNotAuthorizedIsRefusedBeforeAnyJob() throws Exception {
        long jobs = volunteer.countLines(JOB);
        Outcome outcome = compile(temp.resolve("b"), Map.of());
        assertRefusedAndCompiledHere(outcome, jobs, "is not in --authorized-keys");
        assertTrue(outcome.stderr().contains("distcc --show-key"), outcome::toString);
    }

    @Test
    void aVolunteerWhoseKeyIsNotThePinnedOneIsRefusedBeforeAnyJob() throws Exception {
        Path dir = temp.resolve("a");
        var other = KeyLine.of(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), "");
        long jobs = volunteer.countLines(JOB);
        Outcome outcome = compile(dir, Map.of(), other.keyText());
        assertRefusedAndCompiledHere(outcome, jobs, "not the one pinned in");
        volunteer.awaitLog(l -> l.contains("TLS handshake failed"), Duration.ofSeconds(5));
    }

    @Test
    void aVolunteerWithNoPinnedKeyIsUsedOnlyWithTrustOnFirstUse() throws Exception {
        Path dir = temp.resolve("tofu");
        long jobs = volunteer.countLines(JOB);
        Outcome unpinned = compile(dir, Map.of(), null);
        assertRefusedAndCompiledHere(unpinned, jobs, "has no key pinned");

        Path token = Files.writeString(temp.resolve("tofu-token"), TOKEN + "\n");
        Outcome trusted = compile(dir, Map.of("JDISTCC_TLS_TOFU", "1", "JDISTCC_TOKEN_FILE", token.toString()), null);
        assertEquals(0, trusted.exitCode(), trusted::toString);
        assertTrue(volunteer.awaitLines(JOB, jobs + 1), volunteer.log());
        String pinned = Files.readString(dir.resolve("known_volunteers"));
        assertTrue(
                pinned.startsWith("127.0.0.1:" + volunteer.port() + " "
                        + KeyLine.parse(hostKeyLine).keyText()),
                pinned);
    }

    @Test
    void aPlaintextClientIsRefusedByATlsOnlyVolunteer() throws Exception {
        long jobs = volunteer.countLines(JOB);
        Path project = project("plain");
        Map<String, String> env = environment(temp.resolve("a"), "127.0.0.1:" + volunteer.port());
        Outcome outcome = CommandRunner.in(project).with(env).run(ClientProcess.command(COMPILE));
        assertEquals(0, outcome.exitCode(), outcome::toString);
        assertTrue(outcome.stderr().contains("Warning: failed to distribute hello.c"), outcome::toString);
        assertArrayEquals(localObject, Files.readAllBytes(project.resolve("hello.o")));
        volunteer.awaitLog(
                l -> l.contains("refused: plaintext, and this volunteer is --tls-only"), Duration.ofSeconds(5));
        assertEquals(jobs, volunteer.countLines(JOB), volunteer.log());
    }

    @Test
    void aVolunteerWithAHostKeyStillServesDistccPlaintextWithoutTlsOnly() throws Exception {
        Path dir = SharedDirectory.create("jdistcc-tls-plain-");
        try (RunningDaemon both = DaemonSetup.ours()
                .args("--host-key", dir.resolve("host_key").toString())
                .start()) {
            Path out = Files.createDirectories(temp.resolve("raw"));
            RawClient.Outcome plain = RawClient.compile(
                    both.port(),
                    ProtocolVersion.PLAIN,
                    List.of("gcc", "-c", "hello.c", "-o", "hello.o"),
                    RawClient.HELLO,
                    out);
            assertEquals(0, plain.reply().waitStatus(), plain.stderr());
            assertTrue(Files.size(out.resolve("reply.o")) > 0);
        } finally {
            SharedDirectory.deleteTree(dir);
        }
    }

    /** The client compiled here, warned in distcc's words, and the volunteer ran no job. */
    private static void assertRefusedAndCompiledHere(Outcome outcome, long jobsBefore, String why) throws Exception {
        assertEquals(0, outcome.exitCode(), outcome::toString);
        assertTrue(outcome.stderr().contains("Warning: failed to distribute hello.c"), outcome::toString);
        assertTrue(outcome.stderr().contains(why), outcome::toString);
        assertEquals(jobsBefore, volunteer.countLines(JOB), volunteer.log());
    }

    private static Outcome compile(Path distccDir, Map<String, String> more) throws Exception {
        return compile(distccDir, more, KeyLine.parse(hostKeyLine).keyText());
    }

    /** @param pin the key {@code known_volunteers} pins for the volunteer, or null for no line */
    private static Outcome compile(Path distccDir, Map<String, String> more, String pin) throws Exception {
        Files.createDirectories(distccDir);
        Path pins = distccDir.resolve("known_volunteers");
        if (pin == null) {
            Files.deleteIfExists(pins);
        } else {
            Files.writeString(pins, "# pinned by the test\n127.0.0.1:" + volunteer.port() + " " + pin + "\n");
        }
        Path project = project(distccDir.getFileName().toString());
        var env = new HashMap<>(environment(distccDir, "127.0.0.1:" + volunteer.port() + ",tls"));
        env.putAll(more);
        return CommandRunner.in(project).with(env).run(ClientProcess.command(COMPILE));
    }

    private static Map<String, String> environment(Path distccDir, String hosts) {
        return Map.of("DISTCC_HOSTS", hosts, "DISTCC_DIR", distccDir.toString(), "DISTCC_BACKOFF_PERIOD", "0");
    }

    private static String showClientKey(Path distccDir) {
        Outcome shown = CommandRunner.in(temp)
                .with("DISTCC_DIR", distccDir.toString())
                .run(ClientProcess.command(List.of("--show-key")));
        assertEquals(0, shown.exitCode(), shown::toString);
        return shown.stdout().strip();
    }

    private static Path project() throws Exception {
        return project("local");
    }

    private static Path project(String name) throws Exception {
        Path project = Files.createDirectories(temp.resolve("project-" + name));
        Files.writeString(project.resolve("hello.c"), RawClient.HELLO);
        Files.deleteIfExists(project.resolve("hello.o"));
        return project;
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
