package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.SideFile;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What comes back for good and bad sources, in each dialect the daemon speaks. */
@WithDaemon(args = {"--allow-compiler", "jdistcc-no-such-cc"})
class CompileResultTest {
    @TempDir
    Path dir;

    static ProtocolVersion version(String name) {
        return switch (name) {
            case "plain" -> ProtocolVersion.PLAIN;
            case "lzo" -> ProtocolVersion.LZO;
            case "lz4" -> ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4);
            case "lz4-sides" ->
                ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4 | ProtocolVersion.FEATURE_SIDE_FILES);
            case "sides" -> ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_SIDE_FILES);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "lzo", "lz4", "lz4-sides", "sides"})
    void compilesToTheSameObjectAsLocalGcc(String dialect, RunningDaemon daemon) throws Exception {
        RawClient.Outcome outcome = RawClient.compile(
                daemon.port(),
                version(dialect),
                List.of("gcc", "-O2", "-c", "hello.c", "-o", "hello.o"),
                RawClient.HELLO,
                dir);

        assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
        assertArrayEquals(localObject(List.of("-O2")), Files.readAllBytes(dir.resolve("reply.o")));
        daemon.awaitLog(
                l -> l.contains("outcome=ok") && l.contains("proto=" + version(dialect)), Duration.ofSeconds(5));
        assertEquals(0, daemon.jobDirectories().size());
    }

    @Test
    void compileErrorComesBackWithGccsMessageAndStatusOne(RunningDaemon daemon) throws Exception {
        RawClient.Outcome outcome = RawClient.compile(
                daemon.port(),
                ProtocolVersion.LZO,
                List.of("gcc", "-c", "broken.c", "-o", "broken.o"),
                "# 1 \"broken.c\"\nint f( {\n",
                dir);

        assertEquals(0x100, outcome.reply().waitStatus());
        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.stderr().contains("error:"), outcome.stderr());
        assertTrue(outcome.stderr().contains("broken.c"), "gcc names the client's file: " + outcome.stderr());
        assertEquals(Payload.EMPTY, outcome.reply().object());
        assertTrue(Files.notExists(dir.resolve("reply.o")));
        daemon.awaitLog(l -> l.contains("outcome=compile-failed") && l.contains("status=1"), Duration.ofSeconds(5));
    }

    @Test
    void sideFileDialectReturnsDwoAndStackUsageBesideTheObject(RunningDaemon daemon) throws Exception {
        var version = version("lz4-sides");
        RawClient.Outcome outcome = RawClient.compile(
                daemon.port(),
                version,
                List.of("gcc", "-g", "-gsplit-dwarf", "-fstack-usage", "-c", "src/hello.c", "-o", "obj/hello.o"),
                "# 1 \"src/hello.c\"\n" + RawClient.HELLO,
                dir);

        assertEquals(0, outcome.reply().waitStatus(), outcome.stderr());
        assertEquals(
                List.of("hello.dwo", "hello.su"),
                outcome.reply().sideFiles().stream().map(SideFile::name).collect(Collectors.toList()));
        String su = Files.readString(
                ((Payload.InFile) outcome.reply().sideFiles().get(1).content()).path());
        assertTrue(su.contains("main"), su);
        daemon.awaitLog(l -> l.contains("outcome=ok") && l.contains("source=src/hello.c"), Duration.ofSeconds(5));
        assertEquals(0, daemon.jobDirectories().size(), "the job directory is removed before the log line");
    }

    /** Protocol 3 with one file and no headers; PumpJobTest and PumpInteropTest cover the rest. */
    @Test
    void pumpModeIsServed(RunningDaemon daemon) throws Exception {
        Path source = Files.writeString(dir.resolve("hello.c"), "int twice(int x) { return 2 * x; }\n");
        RawClient.Outcome outcome;
        try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), daemon.port())) {
            socket.setSoTimeout(120_000);
            var out = new java.io.BufferedOutputStream(socket.getOutputStream());
            org.jdistcc.protocol.MessageWriter.writeRequest(
                    out,
                    new org.jdistcc.protocol.Request(
                            ProtocolVersion.PUMP,
                            dir.toString(),
                            List.of("gcc", "-O2", "-c", "hello.c", "-o", "hello.o")));
            org.jdistcc.protocol.MessageWriter.writePumpEntries(
                    out,
                    ProtocolVersion.PUMP.compression(),
                    List.of(new org.jdistcc.protocol.PumpEntry.File(source.toString(), new Payload.InFile(source))));
            out.flush();
            outcome = RawClient.readReply(socket.getInputStream(), ProtocolVersion.PUMP, dir);
        }
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals(
                "hello.o: hello.c\n",
                new String(
                        ((Payload.Bytes) outcome.reply().deps()).content(), java.nio.charset.StandardCharsets.UTF_8));
        daemon.awaitLog(l -> l.contains("proto=3 ") && l.contains("outcome=ok"), Duration.ofSeconds(5));
    }

    @Test
    void compilerMissingFromThePathIsExit110(RunningDaemon daemon) throws Exception {
        RawClient.Outcome outcome = RawClient.compile(
                daemon.port(),
                ProtocolVersion.PLAIN,
                List.of("jdistcc-no-such-cc", "-c", "hello.c", "-o", "hello.o"),
                RawClient.HELLO,
                dir);

        assertEquals(110, outcome.exitCode(), outcome.stderr());
        // distcc 3.4's words (exec.c), which its test suite's MissingCompiler_Case looks for.
        assertTrue(
                outcome.stderr().contains("ERROR: failed to exec jdistcc-no-such-cc: No such file or directory"),
                outcome.stderr());
    }

    private byte[] localObject(List<String> flags) throws IOException, InterruptedException {
        Path local = Files.createDirectories(dir.resolve("local"));
        Files.writeString(local.resolve("hello.i"), RawClient.HELLO);
        var command = new java.util.ArrayList<>(List.of("gcc"));
        command.addAll(flags);
        command.addAll(List.of("-c", "hello.i", "-o", "hello.o"));
        Outcome gcc = CommandRunner.in(local).run(command);
        assertEquals(0, gcc.exitCode(), gcc::toString);
        return Files.readAllBytes(local.resolve("hello.o"));
    }
}
