package org.jdistcc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aPortsVolunteersAreForgottenAtEveryAddressAndNothingElse() throws IOException {
        List<String> forgotten = List.of(
                "volunteers/tcp_127.0.0.1_40001",
                "speeds/tcp_127.0.0.2_40001",
                "links/tcp_127.0.0.1_40001",
                "files/tcp_127.0.0.1_40001",
                "lock/backoff_tcp_127.0.0.1_40001_0");
        List<String> kept = List.of(
                "volunteers/tcp_127.0.0.1_140001",
                "speeds/tcp_127.0.0.1_40002",
                "lock/cpu_tcp_127.0.0.1_40001_0",
                "lock/backoff_tcp_127.0.0.1_400010_0",
                "costs");
        for (String name : Stream.concat(forgotten.stream(), kept.stream()).toList()) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        }
        ClientMemory.forgetPort(dir, 40001);
        for (String name : forgotten) {
            assertEquals(false, Files.exists(dir.resolve(name)), name);
        }
        for (String name : kept) {
            assertEquals(true, Files.exists(dir.resolve(name)), name);
        }
        ClientMemory.forgetPort(dir.resolve("none"), 40001); // no DISTCC_DIR yet: nothing to forget
    }
}
