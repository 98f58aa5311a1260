package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.daemon.cache.ResultKey;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.CompilerRunner;
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
 */
final class PreprocessedDialect implements Dialect {
    private final ProtocolVersion version;
    private final JobReceiver receiver;
    private final CompilerRunner runner;
    private final int maxOutput;
    private CheckedCommand checked;
    private Path source;

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
                .file("source", source)
                .build();
        return new Cacheable(key, command.outputName());
    }

    @Override
    public void skipInput() throws IOException {
        receiver.discardSource();
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
