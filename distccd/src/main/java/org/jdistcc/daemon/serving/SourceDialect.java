package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdistcc.common.ExitCode;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.common.args.Verdict;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.cache.ResultKey;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.OptionPolicy;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.SideFile;
import org.jdistcc.protocol.SourceEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jdistcc's source mode (docs/fidelity.md), compiled so that its results are the client's local
 * compile's, byte for byte: the client's files arrive as a tree ({@link SourceRequest}), the compiler
 * runs in {@code <root><client cwd>} on them with every absolute path rooted ({@link
 * CompilerCommand#rootedCommand}), the client's default include directories put back under the root
 * ({@link DefaultSearchPaths}), {@code PWD} set so gcc's {@code DW_AT_comp_dir} is the client's once
 * mapped, argv[0] named as on the client (driver messages start with it), a clean environment but for
 * the client's locale, colour and terminal settings; then the root is cut out of stderr, stdout and
 * {@code .su} files ({@link PathRemapper}), and the object's side files ({@code .dwo}, {@code .su})
 * travel back with it. The client's {@code compile/SourceDialect} is the other end.
 *
 * <p>The same compiler allow-list and option policy as for preprocessed sources decide first; a
 * refused job's files are not read, so the client sees a reset or the refusal and compiles elsewhere.
 */
final class SourceDialect implements Dialect {
    private static final Logger LOG = LoggerFactory.getLogger(SourceDialect.class);

    /** What of the client's environment changes what gcc prints. Nothing else is passed. */
    private static final Set<String> ENVIRONMENT = Set.copyOf(SourceEnvironment.NAMES);

    /** Side files whose text names source files: the root is cut out of them as out of stderr. */
    private static final Set<String> TEXT_SIDE_FILES = Set.of("su");

    private final Request head;
    private final JobReceiver receiver;
    private final CompilerRunner runner;
    private final DefaultSearchPaths searchPaths;
    private final FileCache cache;
    private final long maxBodySize;
    private final int maxOutput;
    private Path compiler;
    private SourceRequest request;
    private Path object;
    private Path dependencies;

    /**
     * @param maxBodySize bound on the sum of the file sizes
     * @param maxOutput bytes of the compiler's stdout and of its stderr sent back, each
     */
    SourceDialect(
            Request head,
            JobReceiver receiver,
            CompilerRunner runner,
            DefaultSearchPaths searchPaths,
            FileCache cache,
            long maxBodySize,
            int maxOutput) {
        this.head = head;
        this.receiver = receiver;
        this.runner = runner;
        this.searchPaths = searchPaths;
        this.cache = cache;
        this.maxBodySize = maxBodySize;
        this.maxOutput = maxOutput;
    }

    /**
     * The option policy, on the command without its dependency options: the volunteer writes the
     * {@code .d} file itself, under the job's root ({@link #dependencyFile}), and sends it back.
     */
    @Override
    public CompileCommand check(String compilerName, List<String> args) throws Refusal {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(compilerName);
        argv.addAll(args);
        CompilerCommand command = CompilerCommand.parse(argv);
        if (!(command.verdictWithSources() instanceof Verdict.Distributable)) {
            return OptionPolicy.check(compilerName, args);
        }
        List<String> checked = command.withoutDependencyOptions();
        return OptionPolicy.check(compilerName, checked.subList(1, checked.size()));
    }

    /** Recreates the client's files under {@code work/root} ({@link SourceTree}), asking for those the cache lacks. */
    @Override
    public long receiveInput(CheckedCommand checked, JobDir dir) throws IOException {
        this.compiler = checked.compiler();
        this.request = SourceRequest.read(head, receiver.reader(), receiver.answers(), dir.work(), maxBodySize, cache);
        SourceTree tree = request.tree();
        LOG.debug("{} files, {} of them from the file cache", tree.fileCount(), tree.fromCache());
        return tree.totalBytes();
    }

    /**
     * Everything the compile sees: the tree as received, the client's directory (gcc records it with
     * {@code -g}; every name in the tree is absolute), the command, the environment carried.
     */
    @Override
    public Cacheable cacheable(CompilerIdentity identity) throws IOException {
        List<String> carried = carriedEnvironment();
        InputTree inputs = InputTree.read(request.tree().root());
        if (inputs.dated() && carried.stream().noneMatch(e -> e.startsWith("SOURCE_DATE_EPOCH="))) {
            return null;
        }
        var output = CompilerCommand.parse(head.argv()).output();
        if (output.isEmpty()) {
            return null;
        }
        var key = ResultKey.builder("source")
                .text("compiler", identity.digest())
                .text("cwd", head.cwd())
                .list("arguments", KeyArguments.of(head.argv()))
                .list("environment", OutputEnvironment.ofEntries(carried));
        inputs.addTo(key, true);
        return new Cacheable(key.build(), Path.of(output.get()).getFileName().toString());
    }

    /** The client's environment entries the compiler gets. */
    private List<String> carriedEnvironment() {
        List<String> carried = new ArrayList<>();
        for (String entry : request.environment()) {
            int equals = entry.indexOf('=');
            if (equals > 0 && ENVIRONMENT.contains(entry.substring(0, equals))) {
                carried.add(entry);
            }
        }
        return carried;
    }

    @Override
    public void skipInput() {
        // Left unread: jdistcc's client stops sending when the connection drops.
    }

    /**
     * @throws Refusal if the command is not one source mode may run, or its output would land outside
     *     the root
     */
    @Override
    public RunningCompiler startCompiler(JobDir dir) throws Refusal, IOException, InterruptedException {
        try {
            return start(dir);
        } catch (ProtocolException e) {
            throw new Refusal(ExitCode.ACCESS_DENIED, e.getMessage());
        }
    }

    private RunningCompiler start(JobDir dir) throws IOException, InterruptedException {
        SourceTree tree = request.tree();
        List<String> argv = head.argv();
        CompilerCommand command = CompilerCommand.parse(argv);
        if (!(command.verdictWithSources() instanceof Verdict.Distributable)) {
            throw new ProtocolException(
                    ProtocolException.Kind.MALFORMED,
                    "not a source-mode command: " + ((Verdict.LocalOnly) command.verdictWithSources()).describe());
        }
        Path cwd = tree.resolve(head.cwd());
        tree.createDirectories(cwd);
        String output = command.output().orElseThrow();
        object = output.startsWith("/")
                ? tree.resolve(Path.of(output).normalize().toString())
                : cwd.resolve(output).normalize();
        if (!object.startsWith(tree.root()) || object.equals(tree.root())) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "output outside the job's root");
        }
        tree.createDirectories(object.getParent());
        dependencies = dependencyFile(command, tree, cwd);

        List<String> directories = List.of();
        String preinclude = null;
        if (command.needsPreprocessing()) {
            DefaultSearchPaths.SearchPath defaults = searchPaths.of(compiler, command.includeSearchOptions());
            directories = defaults.directories();
            for (String directory : directories) {
                createSearchDirectory(tree, directory);
            }
            preinclude = sentPreinclude(tree, defaults);
        }
        List<String> rooted = new ArrayList<>(command.rootedCommand(tree.root().toString(), directories, preinclude));
        rooted.set(0, programPath(argv.getFirst(), dir).toString());

        Map<String, String> env = new HashMap<>();
        for (String entry : carriedEnvironment()) {
            int equals = entry.indexOf('=');
            env.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        env.put("PWD", cwd.toString());
        return runner.start(rooted, env, cwd, dir.tmp(), dir.stdout(), dir.stderr());
    }

    @Override
    public Reply reply(int waitStatus, JobDir dir) throws IOException {
        var remapper = new PathRemapper(request.tree().root().toString());
        Payload stderr = new Payload.Bytes(remapper.strip(CapturedOutput.read(dir.stderr(), maxOutput)));
        Payload stdout = new Payload.Bytes(remapper.strip(CapturedOutput.read(dir.stdout(), maxOutput)));
        if (waitStatus != 0) {
            return new Reply(head.version(), waitStatus, stderr, stdout, Payload.EMPTY, null, List.of());
        }
        return new Reply(
                head.version(),
                0,
                stderr,
                stdout,
                new Payload.InFile(object),
                new Payload.Bytes(dependencyText()),
                sideFiles(remapper, dir));
    }

    /**
     * Where the compile writes its {@code .d} file (gcc's rules, {@link CompilerCommand#dependencyFile}),
     * its directory made as the object's is; null if it writes none.
     */
    private static Path dependencyFile(CompilerCommand command, SourceTree tree, Path cwd) throws IOException {
        String name = command.dependencyFile(Map.of()).orElse(null);
        if (name == null) {
            return null;
        }
        Path file = name.startsWith("/")
                ? tree.resolve(Path.of(name).normalize().toString())
                : cwd.resolve(name).normalize();
        if (!file.startsWith(tree.root()) || file.equals(tree.root())) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "dependency file outside the job's root");
        }
        tree.createDirectories(file.getParent());
        return file;
    }

    /**
     * The {@code .d} file as the client's gcc would have written it ({@link DependencyFile}); empty when
     * the compile writes none, or when it cannot be made exact (the client then compiles here).
     */
    private byte[] dependencyText() throws IOException {
        if (dependencies == null || !Files.isRegularFile(dependencies, LinkOption.NOFOLLOW_LINKS)) {
            return new byte[0];
        }
        byte[] exact = DependencyFile.withoutRoot(
                Files.readAllBytes(dependencies), request.tree().root().toString());
        if (exact == null) {
            LOG.info("the dependency file's layout is not gcc's as modelled: the client compiles it here");
            return new byte[0];
        }
        return exact;
    }

    /**
     * The directory must exist, or gcc drops it (and {@code -Wmissing-include-dirs} says so), and so
     * must every directory a {@code ..} in it steps out of.
     */
    private static void createSearchDirectory(SourceTree tree, String directory) throws IOException {
        String[] parts = directory.substring(1).split("/", -1);
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            if (part.equals("..") && !prefix.isEmpty()) {
                tree.createDirectories(
                        tree.resolve(Path.of(prefix.toString()).normalize().toString()));
            }
            prefix.append('/').append(part);
        }
        String normal = Path.of(directory).normalize().toString();
        if (SourceTree.isNormalAbsolute(normal) && !normal.equals("/")) {
            tree.createDirectories(tree.resolve(normal));
        }
    }

    /** The pre-include to name with {@code -include}, if the client sent it (its compile read it). */
    private static String sentPreinclude(SourceTree tree, DefaultSearchPaths.SearchPath defaults) {
        if (defaults.preinclude() == null) {
            return null;
        }
        for (String directory : defaults.directories()) {
            Path candidate = Path.of(tree.root()
                    + Path.of(directory, defaults.preinclude()).normalize().toString());
            if (tree.isReceived(candidate)) {
                return defaults.preinclude();
            }
        }
        return null;
    }

    /**
     * gcc's driver starts its own messages with the basename of argv[0] ({@code gcc: error: ...}), so
     * the compiler runs under the client's name for it, through a link in the job directory when the
     * allow-list resolved it to another name.
     */
    private Path programPath(String clientName, JobDir dir) throws IOException {
        String name = clientName.substring(clientName.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "bad compiler name '" + clientName + "'");
        }
        if (compiler.getFileName().toString().equals(name)) {
            return compiler;
        }
        Path bin = Files.createDirectories(dir.root().resolve("bin"));
        Path link = bin.resolve(name);
        Files.createSymbolicLink(link, compiler.toAbsolutePath());
        return link;
    }

    /**
     * The side files beside the object that the compile wrote (not the client's own files), which the
     * client places beside its object; the root is cut out of the text ones.
     */
    private List<SideFile> sideFiles(PathRemapper remapper, JobDir dir) throws IOException {
        List<SideFile> sides = new ArrayList<>();
        for (Path side : SideFiles.beside(object, p -> request.tree().isReceived(p) || p.equals(dependencies))) {
            String name = side.getFileName().toString();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            Path content = side;
            if (TEXT_SIDE_FILES.contains(extension)) {
                byte[] text = Files.readAllBytes(side);
                if (remapper.occursIn(text)) {
                    content = Files.write(
                            dir.root().resolve("side-" + sides.size() + "." + extension), remapper.strip(text));
                }
            }
            sides.add(new SideFile(name, new Payload.InFile(content)));
        }
        return sides;
    }
}
