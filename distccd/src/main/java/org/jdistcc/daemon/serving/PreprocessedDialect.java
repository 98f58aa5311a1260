package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.daemon.cache.ResultKey;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.InputPipe;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.SideFile;

/**
 * distcc's own dialect: one preprocessed source ({@code DOTI}) in, the object ({@code DOTO}) out,
 * and with jdistcc's side-file feature the files named after it ({@code .dwo}, {@code .su}). The
 * compiler runs in the job's {@code work/} on the source named after the client's ({@code x.c} ->
 * {@code x.i}) with the outputs named after the client's {@code -o}, as in distcc 3.4's {@code
 * src/serve.c}. The client's {@code compile/PreprocessedDialect} is the other end.
 *
 * <p>Where it can ({@link #streams()}), the source is a named pipe ({@link InputPipe}) and the compiler
 * runs while the source arrives: its SHA-256, for the result cache, is taken on the way through.
 */
final class PreprocessedDialect implements Dialect {
    private final ProtocolVersion version;
    private final JobReceiver receiver;
    private final CompilerRunner runner;
    private final int maxOutput;
    private CheckedCommand checked;
    private Path source;
    private InputPipe pipe;
    private String sourceDigest;

    PreprocessedDialect(ProtocolVersion version, JobReceiver receiver, CompilerRunner runner, int maxOutput) {
        this.version = version;
        this.receiver = receiver;
        this.runner = runner;
        this.maxOutput = maxOutput;
    }

    @Override
    public long receiveInput(CheckedCommand checked, JobDir dir) throws IOException {
        this.checked = checked;
        this.source = dir.work().resolve(checked.command().inputName());
        return receiver.receiveSource(version, source);
    }

    @Override
    public boolean streams() {
        return InputPipe.available();
    }

    @Override
    public RunningCompiler startStreaming(CheckedCommand checked, JobDir dir) throws IOException {
        this.checked = checked;
        this.source = dir.work().resolve(checked.command().inputName());
        InputPipe made = InputPipe.create(source);
        RunningCompiler compiler;
        try {
            compiler = startCompiler(dir);
        } catch (IOException | RuntimeException e) {
            // The input may still go to a file of that name.
            made.close();
            Files.deleteIfExists(source);
            throw e;
        }
        pipe = made;
        dir.adopt(pipe);
        compiler.onExit(pipe::compilerExited);
        return compiler;
    }

    @Override
    public long feedInput() throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long size = receiver.receiveSource(version, new DigestOutputStream(pipe.output(), sha));
        pipe.finish();
        sourceDigest = HexFormat.of().formatHex(sha.digest());
        return size;
    }

    /**
     * The preprocessed text holds all the source (and with {@code -g} the client's directory, in a
     * line marker); the compiler runs with the daemon's environment.
     */
    @Override
    public Cacheable cacheable(CompilerIdentity compiler) throws IOException {
        CompileCommand command = checked.command();
        ResultKey key = ResultKey.builder("preprocessed")
                .text("compiler", compiler.digest())
                .list("arguments", KeyArguments.of(command.args()))
                .text("input", command.inputName())
                .text("side-files", Boolean.toString(version.has(ProtocolVersion.FEATURE_SIDE_FILES)))
                .list("environment", OutputEnvironment.of(System.getenv()))
                .text("source", sourceDigest != null ? sourceDigest : ResultKey.fileDigest(source))
                .build();
        return new Cacheable(key, command.outputName());
    }

    @Override
    public void skipInput() throws IOException {
        receiver.discardSource(version);
    }

    @Override
    public RunningCompiler startCompiler(JobDir dir) throws IOException {
        return runner.start(checked.compiler(), checked.command(), dir.work(), dir.tmp(), dir.stdout(), dir.stderr());
    }

    @Override
    public Reply reply(int waitStatus, JobDir dir) throws IOException {
        CompileCommand command = checked.command();
        Path object = dir.work().resolve(command.outputName());
        List<SideFile> sides = List.of();
        if (waitStatus == 0 && version.has(ProtocolVersion.FEATURE_SIDE_FILES)) {
            Path source = dir.work().resolve(command.inputName());
            sides = SideFiles.beside(object, source::equals).stream()
                    .map(p -> new SideFile(p.getFileName().toString(), new Payload.InFile(p)))
                    .toList();
        }
        return new Reply(
                version,
                waitStatus,
                new Payload.Bytes(CapturedOutput.read(dir.stderr(), maxOutput)),
                new Payload.Bytes(CapturedOutput.read(dir.stdout(), maxOutput)),
                waitStatus == 0 ? new Payload.InFile(object) : Payload.EMPTY,
                null,
                sides);
    }
}
