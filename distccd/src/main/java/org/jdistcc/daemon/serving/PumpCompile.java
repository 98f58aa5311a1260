package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.PumpCommand;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;

/**
 * Compiles a pump-mode job (protocol 3) as distcc 3.4's server does ({@code dcc_run_job} in
 * src/serve.c with the preprocessor on the server): in {@code <root><client cwd>}, on the files
 * {@link PumpTree} received, with the command rewritten by {@link PumpArguments}; then the root is
 * taken out of the object's debug information ({@link DebugPathRewriter}) and of the {@code .d} file
 * ({@link DependencyRewriter}), which goes back as {@code DOTD}.
 *
 * <p>One addition: the root is also cut out of the compiler's stderr and stdout ({@link
 * PathRemapper}), so a warning names {@code /home/u/inc/a.h}, not {@code
 * /tmp/distccd_Ab12Cd/home/u/inc/a.h} (3.4 sends them as the compiler wrote them).
 */
public final class PumpCompile {
    private final DefaultSearchPaths searchPaths;
    private final CompilerRunner runner;
    private final int maxOutput;

    /** @param maxOutput bytes of the compiler's stdout and of its stderr sent back, each */
    public PumpCompile(DefaultSearchPaths searchPaths, CompilerRunner runner, int maxOutput) {
        this.searchPaths = searchPaths;
        this.runner = runner;
        this.maxOutput = maxOutput;
    }

    /**
     * The compiler's default include directories here, normalised: the only places outside its root a
     * job's links may lead to ({@link PumpTree}). C's, and those of the source's language.
     */
    Set<String> systemDirectories(Path compiler, PumpCommand command) throws IOException, InterruptedException {
        Set<String> directories = new HashSet<>();
        for (String directory : searchPaths.of(compiler, List.of()).directories()) {
            directories.add(Path.of(directory).normalize().toString());
        }
        String language = languageOf(command);
        if (language != null) {
            for (String directory :
                    searchPaths.of(compiler, List.of("-x", language)).directories()) {
                directories.add(Path.of(directory).normalize().toString());
            }
        }
        return directories;
    }

    /**
     * Runs the compiler on a received tree and builds the reply. The object is a file of {@code root}:
     * send the reply before closing it. {@code dir} holds the compiler's stdout, stderr and {@code
     * TMPDIR}.
     *
     * @param compiler the executable the daemon's allow-list resolved the command's compiler to
     * @param root the job's root and output directory
     * @param cwd {@code <root><client cwd>}, as {@link PumpTree#receive} made it
     * @throws TimeoutException if the compiler ran longer than {@code timeout} (it is killed)
     * @throws NoSuchFileException if the compiler succeeded without writing the object
     */
    Reply compile(PumpCommand command, Path compiler, PumpRoot root, Path cwd, JobDir dir, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        Path object = root.object();
        Path dependencies = root.dependencies();
        String rootName = root.path().toString();
        PumpArguments rewritten = PumpArguments.rewrite(
                command.args(), command.sourceIndex(), rootName, object.toString(), dependencies.toString());
        var run = new CompileCommand(
                command.compiler(), rewritten.args(), command.source(), command.source(), object.toString());
        int status = run(runner.start(compiler, run, cwd, dir.tmp(), dir.stdout(), dir.stderr()), dir, timeout);

        var remapper = new PathRemapper(rootName);
        Payload stderr = new Payload.Bytes(remapper.strip(ReplySender.readCapped(dir.stderr(), maxOutput)));
        Payload stdout = new Payload.Bytes(remapper.strip(ReplySender.readCapped(dir.stdout(), maxOutput)));
        if (status != 0) {
            return new Reply(ProtocolVersion.PUMP, status, stderr, stdout, Payload.EMPTY, null, List.of());
        }
        if (!Files.isRegularFile(object, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(object.toString(), null, "the compiler succeeded but wrote no object");
        }
        DebugPathRewriter.rewrite(object, rootName);
        byte[] dotd = Files.exists(dependencies, LinkOption.NOFOLLOW_LINKS)
                ? DependencyRewriter.rewrite(
                        Files.readAllBytes(dependencies), rootName, object.toString(), rewritten.dependencyTarget())
                : new byte[0];
        return new Reply(
                ProtocolVersion.PUMP,
                0,
                stderr,
                stdout,
                new Payload.InFile(object),
                new Payload.Bytes(dotd),
                List.of());
    }

    /** The compiler's raw wait status; it is killed, with its children, if it outlives {@code timeout}. */
    private static int run(RunningCompiler compiler, JobDir dir, Duration timeout)
            throws InterruptedException, TimeoutException {
        dir.running(compiler);
        try {
            int status = compiler.waitStatus(timeout);
            if (status < 0) {
                throw new TimeoutException("compiler ran longer than " + timeout);
            }
            return status;
        } finally {
            compiler.kill(); // nothing to do once it has exited
        }
    }

    /** The language gcc compiles the source as, when it is not C: its {@code -x}, else its suffix. */
    private static String languageOf(PumpCommand command) {
        List<String> args = command.args();
        int x = args.lastIndexOf("-x");
        if (x >= 0 && x + 1 < args.size() && x < command.sourceIndex()) {
            String language = args.get(x + 1);
            return language.equals("c") || language.equals("none") ? null : language;
        }
        String source = command.source();
        String suffix = source.substring(source.lastIndexOf('.') + 1);
        return switch (suffix) {
            case "cc", "cpp", "cxx", "cp", "c++", "C", "ii" -> "c++";
            case "m", "mi" -> "objective-c";
            case "mm", "M", "mii" -> "objective-c++";
            default -> null;
        };
    }
}
