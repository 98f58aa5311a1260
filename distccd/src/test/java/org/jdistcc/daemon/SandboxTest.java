package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What issue 18 measured, against real daemons with each {@link SandboxKind}: a source that makes the
 * toolchain read a world-readable file outside its job ({@code asm(".incbin")} in a preprocessed
 * source, an absolute {@code #include} in source mode) and a compiler that opens a connection. The
 * sandboxed daemons (default options but the kind) must stop each; the unsandboxed one shows that
 * each attack works, so these tests can fail.
 */
class SandboxTest {
    /** Stand-in compiler: writes into its object whether it could connect to 127.0.0.1:PORT. */
    private static final String NETWORK_PROBE = """
            #!/bin/bash
            port= out=
            while [ $# -gt 0 ]; do
                case $1 in -DPORT=*) port=${1#-DPORT=} ;; -o) out=$2; shift ;; esac
                shift
            done
            if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then echo connected >"$out"; else echo unreachable >"$out"; fi
            """;

    private static final Map<SandboxKind, RunningDaemon> DAEMONS = new EnumMap<>(SandboxKind.class);
    /** Where the stand-in compiler lives: shown to the sandbox (--sandbox-toolchain). */
    private static Path tools;
    /** Where the files the attacks aim at live: world-readable, outside every job and the toolchain. */
    private static Path outside;

    @TempDir
    Path dir;

    @AfterAll
    static void stopDaemons() {
        DAEMONS.values().forEach(RunningDaemon::close);
        DAEMONS.clear();
        if (outside != null) {
            SharedDirectory.deleteTree(outside);
            SharedDirectory.deleteTree(tools);
        }
    }

    /** One daemon per kind for the class, with the network probe allowed and shown to the sandbox. */
    private static synchronized RunningDaemon daemon(SandboxKind kind) throws Exception {
        if (outside == null) {
            outside = SharedDirectory.create("jdistccd-test-outside-");
            tools = SharedDirectory.create("jdistccd-test-tools-");
            Path probe = tools.resolve("netprobe");
            Files.writeString(probe, NETWORK_PROBE);
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        RunningDaemon daemon = DAEMONS.get(kind);
        if (daemon == null) {
            var args = new java.util.ArrayList<>(kind.options());
            args.addAll(List.of("--allow-compiler", "netprobe", "--sandbox-toolchain", tools.toString()));
            daemon = DaemonSetup.ours()
                    .environment("DISTCCD_PATH", tools + ":/usr/local/bin:/usr/bin:/bin")
                    .args(args.toArray(String[]::new))
                    .start();
            DAEMONS.put(kind, daemon);
        }
        return daemon;
    }

    /** A world-readable file outside every job directory, holding a marker unique to this test. */
    private static String secret(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return text;
    }

    private boolean objectHolds(String marker) throws IOException {
        Path object = dir.resolve("reply.o");
        return Files.exists(object)
                && new String(Files.readAllBytes(object), StandardCharsets.ISO_8859_1).contains(marker);
    }

    @ParameterizedTest
    @EnumSource(SandboxKind.class)
    void incbinOfAFileOutsideTheJobFailsInTheSandbox(SandboxKind kind) throws Exception {
        RunningDaemon daemon = daemon(kind);
        Path file = outside.resolve("incbin-" + kind + ".txt");
        String marker = secret(file, "volunteer secret " + UUID.randomUUID() + "\n");
        String source = "asm(\".section .rodata\\n.incbin \\\"" + file + "\\\"\\n.previous\");\nint x;\n";

        RawClient.Outcome outcome = RawClient.compile(
                daemon.port(), ProtocolVersion.PLAIN, List.of("gcc", "-c", "leak.c", "-o", "leak.o"), source, dir);

        assertFalse(outcome.closed(), outcome.closeReason());
        if (kind.confines()) {
            assertNotEquals(0, outcome.reply().waitStatus(), "compiled in the sandbox: " + outcome.stderr());
            assertTrue(outcome.stderr().contains("file not found: " + file), outcome.stderr());
            assertFalse(objectHolds(marker), "the object holds the file's bytes");
        } else {
            assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
            assertTrue(objectHolds(marker), "unsandboxed, .incbin copies the file into the object");
        }
    }

    @ParameterizedTest
    @EnumSource(SandboxKind.class)
    void sourceModeIncludeOfAnAbsoluteVolunteerPathFailsInTheSandbox(SandboxKind kind) throws Exception {
        RunningDaemon daemon = daemon(kind);
        Path header = outside.resolve("include-" + kind + ".h");
        String marker = secret(header, "const char leaked[] = \"" + UUID.randomUUID() + "\";\n");
        Path source = dir.resolve("leak.c");
        Files.writeString(source, "#include \"" + header + "\"\nint x;\n");

        RawClient.Outcome outcome = RawClient.compileSources(
                daemon.port(),
                List.of("gcc", "-c", "leak.c", "-o", "leak.o"),
                "/home/client/project",
                Map.of("/home/client/project/leak.c", source),
                dir);

        assertFalse(outcome.closed(), outcome.closeReason());
        String leaked = marker.substring(marker.indexOf('"') + 1, marker.lastIndexOf('"'));
        if (kind.confines()) {
            assertNotEquals(0, outcome.reply().waitStatus(), "compiled in the sandbox: " + outcome.stderr());
            assertTrue(outcome.stderr().contains("No such file or directory"), outcome.stderr());
            assertFalse(objectHolds(leaked), "the object holds the header's bytes");
        } else {
            assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
            assertTrue(objectHolds(leaked), "unsandboxed, the volunteer's file is compiled in");
        }
    }

    @ParameterizedTest
    @EnumSource(SandboxKind.class)
    void aSandboxedCompilerCannotConnectAnywhere(SandboxKind kind) throws Exception {
        RunningDaemon daemon = daemon(kind);
        try (var listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            RawClient.Outcome outcome = RawClient.compile(
                    daemon.port(),
                    ProtocolVersion.PLAIN,
                    List.of("netprobe", "-DPORT=" + listener.getLocalPort(), "-c", "probe.c", "-o", "probe.o"),
                    "int x;\n",
                    dir);

            assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
            String reported = Files.readString(dir.resolve("reply.o")).strip();
            boolean accepted = acceptsWithinHalfASecond(listener);
            assertEquals(kind.confines() ? "unreachable" : "connected", reported);
            assertEquals(!kind.confines(), accepted, "the listener saw a connection from the compiler");
        }
    }

    @SuppressWarnings("try") // the connection is the answer: did anything connect?
    private static boolean acceptsWithinHalfASecond(ServerSocket listener) throws IOException {
        listener.setSoTimeout(500);
        try (var connection = listener.accept()) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
