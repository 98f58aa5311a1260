package org.jdistcc.daemon.compilers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts compilers. Each runs in its own session ({@code setsid}, as distcc 3.4 gives each job
 * its own process group) so that a kill reaches cc1 and as too, and under {@code nice} because a
 * JVM cannot renice the threads that fork.
 */
public final class CompilerRunner {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Path KILL = Path.of("/bin/kill");

    private final List<Path> searchPath;
    private final int niceness;

    public CompilerRunner(List<Path> searchPath, int niceness) {
        this.searchPath = List.copyOf(searchPath);
        this.niceness = niceness;
    }

    /**
     * Starts {@code compiler} with cwd {@code workDir}, stdin {@code /dev/null}, stdout and stderr
     * to files, and {@code TMPDIR} inside the job so nothing it leaves behind escapes the job.
     */
    public RunningCompiler start(
            Path compiler, CompileCommand command, Path workDir, Path tmpDir, Path stdout, Path stderr)
            throws IOException {
        var argv = new ArrayList<String>();
        if (Files.isExecutable(SETSID)) {
            argv.add(SETSID.toString());
        }
        if (niceness > 0 && Files.isExecutable(NICE)) {
            argv.add(NICE.toString());
            argv.add("-n");
            argv.add(Integer.toString(niceness));
        }
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
