package org.jdistcc.client.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code DISTCC_SSH} volunteers: the I/O timeout bounds each wait for a byte, as distcc 3.4's does, not the job. */
class SshLinkTest {
    static final Timeouts TWO_SECONDS =
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(2));

    @TempDir
    Path dir;

    /** A stand-in for ssh: ignores its arguments and writes a protocol-1 reply, a token a second. */
    Path ssh(String pauses) throws Exception {
        String reply = "DONE00000001 STAT00000000 SERR00000000 SOUT00000000 DOTO00000004ELF!";
        var script = new StringBuilder("#!/bin/sh\nexec >&1\n");
        for (String token : reply.split(" ", -1)) {
            script.append("printf '%s' '").append(token).append("'\n");
            script.append("sleep ").append(pauses).append('\n');
        }
        script.append("exec cat >/dev/null\n");
        Path file = dir.resolve("fake-ssh");
        Files.writeString(file, script.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    byte[] compileThrough(Path ssh) throws Exception {
        var sender = new JobSender(TWO_SECONDS, ssh.toString(), Limits.DEFAULT);
        var host = new HostSpec.Ssh(null, "box", 1, null, Compression.NONE, false);
        Path source = Files.writeString(dir.resolve("x.i"), "int x;\n");
        try (var job = sender.start(host, ProtocolVersion.PLAIN, List.of("gcc", "-c", "x.i", "-o", "x.o"))) {
            job.sendSource(new Payload.InFile(source));
            job.receive(dir.resolve("x.o"), dir);
        }
        return Files.readAllBytes(dir.resolve("x.o"));
    }

    @Test
    void aReplyThatKeepsMovingMayTakeLongerThanTheTimeoutInAll() throws Exception {
        long start = System.nanoTime();
        assertArrayEquals("ELF!".getBytes(StandardCharsets.US_ASCII), compileThrough(ssh("1")));
        assertTrue(System.nanoTime() - start > Duration.ofSeconds(4).toNanos(), "five pauses of a second");
    }

    @Test
    void aVolunteerSilentForTheTimeoutIsGivenUp() throws Exception {
        long start = System.nanoTime();
        var failure = assertThrows(RemoteFailure.class, () -> compileThrough(ssh("30")));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "given up well before 30 s");
        assertEquals(RemoteFailure.Kind.TIMEOUT, failure.kind(), failure.getMessage());
    }
}
