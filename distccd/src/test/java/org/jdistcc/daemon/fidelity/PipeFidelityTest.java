package org.jdistcc.daemon.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.compilers.CompilerIdentities;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.net.SocketConnection;
import org.jdistcc.daemon.serving.CompileJob;
import org.jdistcc.daemon.serving.DefaultSearchPaths;
import org.jdistcc.daemon.serving.JobDirs;
import org.jdistcc.daemon.serving.ServingConfig;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.ServerInfo;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.SideFile;
import org.jdistcc.protocol.Token;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fidelity table's preprocessed compiles, each sent to the daemon twice: once read by the compiler
 * through a named pipe as it arrives, once from a file (the default, distcc 3.4's way). Status,
 * stderr, stdout, the object and every side file ({@code .dwo}, {@code .su}) must be the same bytes:
 * the compiler sees the pipe under the file's name, so nothing it derives from the name changes.
 */
class PipeFidelityTest {
    private static final ProtocolVersion SIDE_FILES = ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_SIDE_FILES);

    @TempDir
    static Path temp;

    static FidelityProject project;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")) && Files.isExecutable(Path.of("/usr/bin/g++")));
        project = new FidelityProject(Files.createDirectories(temp.resolve("work/project")));
    }

    static List<FidelityCases.Case> cases() {
        return FidelityCases.all().stream()
                .filter(c -> CompilerCommand.parse(c.words("/p")).isDistributable())
                .toList();
    }

    private static ServingConfig config(Path jobs, boolean inputPipes) {
        var locator = new CompilerLocator(System.getenv("PATH"), temp.resolve("none"));
        var whitelist = new CompilerWhitelist(temp.resolve("none"), Set.of("gcc", "g++"), false);
        return new ServingConfig(
                Limits.DEFAULT,
                Duration.ofSeconds(60),
                Duration.ofSeconds(120),
                whitelist,
                locator,
                new CompilerRunner(locator.searchPath()),
                new Semaphore(1),
                new JobDirs(jobs),
                1 << 20,
                new DefaultSearchPaths(),
                FileCache.disabled(),
                new DaemonStats(new ServerInfo("test", "127.0.0.1", 0, 1, List.of("none"), List.of(), jobs)),
                new CompilerIdentities(whitelist, locator, System.getenv()),
                null,
                inputPipes);
    }

    /** What came back: status, stderr, stdout, then the object and side files by name. */
    private static Map<String, byte[]> compile(List<String> argv, Path text, boolean inputPipes, String run)
            throws Exception {
        Path jobs = Files.createDirectories(temp.resolve("jobs-" + run));
        Path got = Files.createDirectories(temp.resolve("got-" + run));
        ServingConfig config = config(jobs, inputPipes);
        Map<String, byte[]> result = new LinkedHashMap<>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            Socket accepted = server.accept();
            Thread job = Thread.ofVirtual().start(() -> {
                try (var connection = new SocketConnection(accepted)) {
                    CompileJob.serve(config, connection, 1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            client.setSoTimeout(60_000);
            var out = new BufferedOutputStream(client.getOutputStream());
            MessageWriter.writeRequest(out, new Request(SIDE_FILES, argv));
            MessageWriter.writePayload(out, Token.DOTI, SIDE_FILES.compression(), new Payload.InFile(text));
            out.flush();
            Reply reply = new MessageReader(client.getInputStream(), Limits.DEFAULT)
                    .readReply(SIDE_FILES, got.resolve("object"), got);
            result.put("status", Integer.toString(reply.waitStatus()).getBytes());
            result.put("stderr", ((Payload.Bytes) reply.stderr()).content());
            result.put("stdout", ((Payload.Bytes) reply.stdout()).content());
            if (reply.succeeded()) {
                result.put("object", Files.readAllBytes(got.resolve("object")));
            }
            for (SideFile side : reply.sideFiles()) {
                result.put(side.name(), Files.readAllBytes(((Payload.InFile) side.content()).path()));
            }
            job.join(Duration.ofSeconds(30));
        }
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void throughAPipeTheCompilerGivesWhatItGivesFromAFile(FidelityCases.Case c) throws Exception {
        CompilerCommand command = CompilerCommand.parse(c.words(project.dir().toString()));
        String name = c.name().replaceAll("[^A-Za-z0-9]+", "_");
        Path text = temp.resolve(name + command.preprocessedExtension().orElse(".i"));
        List<String> cpp = new ArrayList<>(command.preprocessCommand(text));
        Process preprocessor = new ProcessBuilder(cpp)
                .directory(project.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertEquals(0, preprocessor.waitFor(), "preprocessing " + cpp);
        List<String> argv = command.remoteCommand();

        Map<String, byte[]> fromFile = compile(argv, text, false, name + "-file");
        Map<String, byte[]> fromPipe = compile(argv, text, true, name + "-pipe");

        assertEquals(fromFile.keySet(), fromPipe.keySet(), "what came back");
        for (var part : fromFile.entrySet()) {
            assertArrayEquals(part.getValue(), fromPipe.get(part.getKey()), part.getKey() + " differs");
        }
    }
}
