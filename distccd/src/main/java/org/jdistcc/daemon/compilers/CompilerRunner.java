package org.jdistcc.daemon.compilers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts compilers, directly: no {@code setsid} or {@code nice} process in between (each costs an
 * exec per job). The priority is the daemon's own, lowered once at start ({@code Niceness}), and
 * a kill reaches cc1 and as through {@link RunningCompiler#kill()}.
 */
public final class CompilerRunner {
    private static final Path KILL = Path.of("/bin/kill");

    private final List<Path> searchPath;

    public CompilerRunner(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /**
     * Starts {@code compiler} with cwd {@code workDir}, stdin {@code /dev/null}, stdout and stderr
     * to files, and {@code TMPDIR} inside the job so nothing it leaves behind escapes the job.
     */
    public RunningCompiler start(
            Path compiler, CompileCommand command, Path workDir, Path tmpDir, Path stdout, Path stderr)
            throws IOException {
        var argv = new ArrayList<String>(command.args().size() + 1);
        argv.add(compiler.toString());
        argv.addAll(command.args());
        var builder = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        var env = builder.environment();
        env.put("PATH", searchPath.stream().map(Path::toString).collect(Collectors.joining(":")));
        env.put("TMPDIR", tmpDir.toString());
        return new RunningCompiler(builder.start(), KILL);
    }
}
