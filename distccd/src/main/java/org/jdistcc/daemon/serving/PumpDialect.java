package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.daemon.cache.ResultKey;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.PumpCommand;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;

/**
 * distcc's pump mode (protocol 3), served as distcc 3.4's server serves it ({@code dcc_run_job} in
 * src/serve.c with the preprocessor on the server): the client's sources and headers arrive as a
 * tree ({@link PumpTree}) under a root standing for its {@code /} ({@link PumpRoot}); the compiler
 * runs in {@code <root><client cwd>} with the command rewritten as 3.4 rewrites it ({@link
 * PumpArguments}); the root is taken out of the object's debug information ({@link
 * DebugPathRewriter}) and of the {@code .d} file ({@link DependencyRewriter}), which goes back as
 * {@code DOTD}. distcc's pump client (its include server choosing the files) is the other end.
 *
 * <p>Beyond 3.4: the command passes the daemon's option policy ({@link PumpCommand}) before anything
 * else is read; the tree is bounded and checked (no {@code ..}, nothing through links, links inside
 * the root but for the include server's links to the compiler's default include directories); the
 * root is cut out of the compiler's stderr and stdout ({@link PathRemapper}), so a warning names the
 * client's file.
 */
final class PumpDialect implements Dialect {
    private static final Path DISCARD = Path.of("/dev/null");

    private final Request head;
    private final JobReceiver receiver;
    private final CompilerRunner runner;
    private final DefaultSearchPaths searchPaths;
    private final Path tmpDir;
    private final RandomGenerator random;
    private final long maxBodySize;
    private final int maxOutput;
    private PumpCommand command;
    private Path compiler;
    private PumpRoot root;
    private PumpTree tree;
    private Refusal refusal;
    private PumpArguments rewritten;

    /**
     * @param tmpDir where the root goes ({@code $TMPDIR}, as for 3.4)
     * @param random picks the root's name
     * @param maxBodySize bound on the sum of the file sizes
     * @param maxOutput bytes of the compiler's stdout and of its stderr sent back, each
     */
    PumpDialect(
            Request head,
            JobReceiver receiver,
            CompilerRunner runner,
            DefaultSearchPaths searchPaths,
            Path tmpDir,
            RandomGenerator random,
            long maxBodySize,
            int maxOutput) {
        this.head = head;
        this.receiver = receiver;
        this.runner = runner;
        this.searchPaths = searchPaths;
        this.tmpDir = tmpDir;
        this.random = random;
        this.maxBodySize = maxBodySize;
        this.maxOutput = maxOutput;
    }

    /** {@link PumpCommand}: the option policy, with pump mode's {@code -include}, {@code -imacros} and {@code -MF}. */
    @Override
    public CompileCommand check(String compilerName, List<String> args) throws Refusal {
        command = PumpCommand.check(compilerName, args);
        return new CompileCommand(compilerName, command.args(), command.source(), command.source(), command.output());
    }

    /** Recreates the client's files under a new root; a refused tree is still read to its end. */
    @Override
    public long receiveInput(CheckedCommand checked, JobDir dir) throws IOException {
        compiler = checked.compiler();
        root = PumpRoot.create(tmpDir, random);
        dir.adopt(root);
        try {
            tree = PumpTree.receive(
                    receiver.reader(),
                    Compression.LZO,
                    root.path(),
                    head.cwd(),
                    maxBodySize,
                    systemDirectories(compiler, command));
            return tree.totalBytes();
        } catch (Refusal r) {
            refusal = r;
            return 0;
        }
    }

    /**
     * The tree as received (files, and the include server's links by their targets), the client's
     * directory and the whole command ({@code -o} and {@code -MT} name the {@code .d} file's target),
     * the daemon's environment. The system headers the links lead to are this volunteer's own: {@link
     * #volunteerInputs()} names them after the compile, and a hit needs them unchanged.
     */
    @Override
    public Cacheable cacheable(CompilerIdentity identity) throws IOException {
        if (refusal != null) {
            return null;
        }
        InputTree inputs = InputTree.read(root.path());
        if (inputs.dated() && !OutputEnvironment.fixesTheDate(System.getenv())) {
            return null;
        }
        var key = ResultKey.builder("pump")
                .text("compiler", identity.digest())
                .text("cwd", head.cwd())
                .list("arguments", head.argv())
                .list("environment", OutputEnvironment.of(System.getenv()));
        inputs.addTo(key, false);
        return new Cacheable(key.build(), root.object().getFileName().toString());
    }

    /**
     * The files the {@code .d} file names that are not in the tree: the volunteer's system headers,
     * reached through the include server's links, named by their real paths.
     */
    @Override
    public List<Path> volunteerInputs() throws IOException {
        Path dependencies = root.dependencies();
        if (!Files.isRegularFile(dependencies, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Path inside = root.path().toRealPath();
        Set<Path> files = new java.util.TreeSet<>();
        String text = Files.readString(dependencies, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String word : text.replace("\\\n", " ").split("\\s+")) {
            if (word.isEmpty() || word.endsWith(":")) {
                continue;
            }
            Path named = word.startsWith("/") ? Path.of(word) : tree.cwd().resolve(word);
            if (Files.isRegularFile(named)) {
                Path real = named.toRealPath();
                if (!real.startsWith(inside)) {
                    files.add(real);
                }
            }
        }
        return List.copyOf(files);
    }

    /** Reads and drops the entries: distcc's client sends them all before it reads the refusal. */
    @Override
    public void skipInput() throws IOException {
        MessageReader reader = receiver.reader();
        int count = reader.readPumpEntryCount();
        for (int i = 0; i < count; i++) {
            reader.readPumpEntry(Compression.LZO, maxBodySize, name -> DISCARD);
        }
    }

    @Override
    public RunningCompiler startCompiler(JobDir dir) throws Refusal, IOException {
        if (refusal != null) {
            throw refusal;
        }
        rewritten = PumpArguments.rewrite(
                command.args(),
                command.sourceIndex(),
                root.path().toString(),
                root.object().toString(),
                root.dependencies().toString());
        List<String> argv = new ArrayList<>(rewritten.args().size() + 1);
        argv.add(compiler.toString());
        argv.addAll(rewritten.args());
        // The root and the outputs live beside the job directory (PumpRoot): the sandbox shows them too.
        return runner.start(
                argv,
                System.getenv(),
                tree.cwd(),
                dir.tmp(),
                dir.stdout(),
                dir.stderr(),
                List.of(root.path(), root.object().getParent()));
    }

    @Override
    public Reply reply(int waitStatus, JobDir dir) throws IOException {
        String rootName = root.path().toString();
        var remapper = new PathRemapper(rootName);
        Payload stderr = new Payload.Bytes(remapper.strip(CapturedOutput.read(dir.stderr(), maxOutput)));
        Payload stdout = new Payload.Bytes(remapper.strip(CapturedOutput.read(dir.stdout(), maxOutput)));
        if (waitStatus != 0) {
            return new Reply(ProtocolVersion.PUMP, waitStatus, stderr, stdout, Payload.EMPTY, null, List.of());
        }
        Path object = root.object();
        if (!Files.isRegularFile(object, LinkOption.NOFOLLOW_LINKS)) {
            // The job ends without a reply (CompileJob), as with 3.4.
            return new Reply(ProtocolVersion.PUMP, 0, stderr, stdout, new Payload.InFile(object), null, List.of());
        }
        DebugPathRewriter.rewrite(object, rootName);
        Path dependencies = root.dependencies();
        byte[] dotd = Files.isRegularFile(dependencies, LinkOption.NOFOLLOW_LINKS)
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

    /**
     * The compiler's default include directories here, normalised: the only places outside the root
     * the include server's links may lead to ({@link PumpTree}). C's, and those of the source's
     * language.
     */
    private Set<String> systemDirectories(Path compiler, PumpCommand command) throws IOException {
        try {
            Set<String> directories = new HashSet<>();
            // With -x: gcc -E takes a file without a C suffix (/dev/null) for a linker input.
            for (String language : new HashSet<>(List.of("c", languageOf(command)))) {
                for (String directory :
                        searchPaths.of(compiler, List.of("-x", language)).directories()) {
                    directories.add(Path.of(directory).normalize().toString());
                }
            }
            return directories;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while listing the compiler's include directories");
        }
    }

    /** The language gcc compiles the source as: its {@code -x}, else its suffix's. */
    private static String languageOf(PumpCommand command) {
        List<String> args = command.args();
        int x = args.lastIndexOf("-x");
        if (x >= 0
                && x + 1 < args.size()
                && x < command.sourceIndex()
                && !args.get(x + 1).equals("none")) {
            return args.get(x + 1);
        }
        String source = command.source();
        return switch (source.substring(source.lastIndexOf('.') + 1)) {
            case "cc", "cpp", "cxx", "cp", "c++", "C", "ii" -> "c++";
            case "m", "mi" -> "objective-c";
            case "mm", "M", "mii" -> "objective-c++";
            default -> "c";
        };
    }
}
