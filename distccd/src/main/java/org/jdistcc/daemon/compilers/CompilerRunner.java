package org.jdistcc.daemon.compilers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts compilers: the one place every compiler the daemon runs is started, whatever the dialect,
 * so each runs in the {@link Sandbox}. Directly, with {@code posix_spawn} ({@link NativeSpawn}), and
 * no {@code setsid}, {@code nice} or {@code jspawnhelper} process in between (each costs an exec per
 * job); the sandbox's own programs are the only ones added. The priority is the daemon's own, lowered
 * once at start ({@code Niceness}), and a kill reaches cc1 and as through {@link
 * RunningCompiler#kill()}.
 */
public final class CompilerRunner {
    private static final Path KILL = Path.of("/bin/kill");

    private final List<Path> searchPath;
    private final Sandbox sandbox;

    /** A runner without a sandbox, for tests of what runs rather than where. */
    public CompilerRunner(List<Path> searchPath) {
        this(searchPath, Sandbox.OFF);
    }

    public CompilerRunner(List<Path> searchPath, Sandbox sandbox) {
        this.searchPath = List.copyOf(searchPath);
        this.sandbox = sandbox;
    }

    /**
     * Starts {@code compiler} with cwd {@code workDir}, stdin {@code /dev/null}, stdout and stderr
     * to files, the daemon's environment, and {@code TMPDIR} inside the job so nothing it leaves
     * behind escapes the job.
     *
     * @param tmpDir the compiler's {@code TMPDIR}, directly inside the job directory: that directory
     *     (its parent) is all a sandboxed compiler may write, and must hold {@code workDir} too
     */
    public RunningCompiler start(
            Path compiler, CompileCommand command, Path workDir, Path tmpDir, Path stdout, Path stderr)
            throws IOException {
        var argv = new ArrayList<String>(command.args().size() + 1);
        argv.add(compiler.toString());
        argv.addAll(command.args());
        return start(argv, System.getenv(), workDir, tmpDir, stdout, stderr);
    }

    /**
     * Starts {@code argv} as {@link #start(Path, CompileCommand, Path, Path, Path, Path)} does, with
     * only {@code environment} (plus the compiler search path and {@code TMPDIR}).
     */
    public RunningCompiler start(
            List<String> argv, Map<String, String> environment, Path workDir, Path tmpDir, Path stdout, Path stderr)
            throws IOException {
        return start(argv, environment, workDir, tmpDir, stdout, stderr, List.of());
    }

    /**
     * As {@link #start(List, Map, Path, Path, Path, Path)}, for a job that also keeps files in {@code
     * moreDirectories} outside its job directory (pump mode's root and output directories, named as
     * distcc 3.4 names them): a sandboxed compiler may write there too.
     */
    public RunningCompiler start(
            List<String> argv,
            Map<String, String> environment,
            Path workDir,
            Path tmpDir,
            Path stdout,
            Path stderr,
            List<Path> moreDirectories)
            throws IOException {
        Path jobDir = tmpDir.toAbsolutePath().getParent();
        var writable = new ArrayList<Path>(moreDirectories.size() + 1);
        writable.add(jobDir);
        moreDirectories.forEach(d -> writable.add(d.toAbsolutePath()));
        if (writable.stream().noneMatch(workDir.toAbsolutePath()::startsWith)) {
            throw new IOException("working directory " + workDir + " is outside the job's directories " + writable);
        }
        var env = new HashMap<>(environment);
        env.put("PATH", searchPath.stream().map(Path::toString).collect(Collectors.joining(":")));
        env.put("TMPDIR", tmpDir.toString());
        return spawn(sandbox.wrap(argv, writable, workDir), env, workDir, stdout, stderr);
    }

    /** By {@code posix_spawn}, else by {@link ProcessBuilder}; from a thread that outlives the child. */
    private static RunningCompiler spawn(
            List<String> argv, Map<String, String> env, Path workDir, Path stdout, Path stderr) throws IOException {
        if (NativeSpawn.available()) {
            NativeSpawn.Child child = NativeSpawn.spawn(argv, env, workDir, stdout, stderr);
            return new RunningCompiler(child.process(), child.waitStatus(), KILL);
        }
        var builder = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = ChildThreads.start(builder::start, CompilerRunner::awaitExit);
        return RunningCompiler.of(process, KILL);
    }

    private static void awaitExit(Process process) {
        while (process.isAlive()) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                // A pool thread: nobody interrupts it but shutdown; the child must still be waited for.
            }
        }
    }
}
