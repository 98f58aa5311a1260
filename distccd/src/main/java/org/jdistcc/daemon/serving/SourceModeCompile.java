package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.common.args.Verdict;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.SideFile;

/**
 * Runs a source-mode job so that its results are the client's local compile's, byte for byte: the
 * compiler runs in {@code <root><client cwd>} on the client's files with every absolute path rooted
 * ({@link CompilerCommand#rootedCommand}), the client's default include directories put back under
 * the root ({@link DefaultSearchPaths}), {@code PWD} set so gcc's {@code DW_AT_comp_dir} is the
 * client's once mapped, argv[0] named as on the client (driver messages start with it), a clean
 * environment but for the client's locale, colour and terminal settings; then the root is cut out of
 * stderr, stdout and {@code .su} files ({@link PathRemapper}), and the object's side files ({@code
 * .dwo}, {@code .su}) travel back with it.
 *
 * <p>The caller checks argv[0] against its compiler allow-list and passes the executable to run.
 * Interrupting the calling thread kills the compiler.
 */
public final class SourceModeCompile {
    /** What of the client's environment changes what gcc prints. Nothing else is passed. */
    static final Set<String> ENVIRONMENT = Set.copyOf(org.jdistcc.protocol.SourceEnvironment.NAMES);

    /** Side files whose text names source files: the root is cut out of them as out of stderr. */
    private static final Set<String> TEXT_SIDE_FILES = Set.of("su");

    private final DefaultSearchPaths searchPaths;
    private final String path;

    /** @param path the {@code PATH} the compiler runs with (it finds {@code as} there) */
    public SourceModeCompile(DefaultSearchPaths searchPaths, String path) {
        this.searchPaths = searchPaths;
        this.path = path;
    }

    /**
     * Compiles a received request. The reply's payloads are files in the job directory: send it
     * before deleting that.
     *
     * @param compiler the executable for the request's argv[0], as the daemon's allow-list resolved it
     * @throws ProtocolException if the command is not one source mode may run, or its output would
     *     land outside the root
     * @throws TimeoutException if the compiler ran longer than {@code timeout} (it is killed)
     */
    public Reply compile(SourceRequest request, Path compiler, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        SourceTree tree = request.tree();
        Path jobDir = tree.root().getParent();
        List<String> argv = request.head().argv();
        CompilerCommand command = CompilerCommand.parse(argv);
        if (!(command.verdictWithSources() instanceof Verdict.Distributable)) {
            throw new ProtocolException(
                    ProtocolException.Kind.MALFORMED,
                    "not a source-mode command: " + ((Verdict.LocalOnly) command.verdictWithSources()).describe());
        }
        Path cwd = tree.resolve(request.head().cwd());
        tree.createDirectories(cwd);
        String output = command.output().orElseThrow();
        Path object = output.startsWith("/")
                ? tree.resolve(Path.of(output).normalize().toString())
                : cwd.resolve(output).normalize();
        if (!object.startsWith(tree.root())
                || object.getParent().equals(tree.root().getParent())) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "output outside the job's root");
        }
        tree.createDirectories(object.getParent());

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
        String root = tree.root().toString();
        List<String> rooted = new ArrayList<>(command.rootedCommand(root, directories, preinclude));
        rooted.set(0, programPath(compiler, argv.getFirst(), jobDir).toString());

        Path tmp = Files.createDirectories(jobDir.resolve("tmp"));
        Path stderrFile = jobDir.resolve("compiler.stderr");
        Path stdoutFile = jobDir.resolve("compiler.stdout");
        Map<String, String> env = new HashMap<>();
        for (String entry : request.environment()) {
            int equals = entry.indexOf('=');
            if (equals > 0 && ENVIRONMENT.contains(entry.substring(0, equals))) {
                env.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        env.put("PATH", path);
        env.put("PWD", cwd.toString());
        env.put("TMPDIR", tmp.toString());
        int status = run(CompilerRunner.spawn(rooted, env, cwd, stdoutFile, stderrFile), timeout);

        var remapper = new PathRemapper(root);
        Payload stderr = new Payload.Bytes(remapper.strip(Files.readAllBytes(stderrFile)));
        Payload stdout = new Payload.Bytes(remapper.strip(Files.readAllBytes(stdoutFile)));
        if (status != 0) {
            return new Reply(request.head().version(), status, stderr, stdout, Payload.EMPTY, null, List.of());
        }
        return new Reply(
                request.head().version(),
                0,
                stderr,
                stdout,
                new Payload.InFile(object),
                null,
                sideFiles(tree, object, remapper, jobDir));
    }

    /**
     * The directory must exist, or gcc drops it (and {@code -Wmissing-include-dirs} says so), and so
     * must every directory a {@code ..} in it steps out of.
     */
    private static void createSearchDirectory(SourceTree tree, String directory) throws IOException {
        String[] parts = directory.substring(1).split("/");
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
    private static Path programPath(Path compiler, String clientName, Path jobDir) throws IOException {
        String name = clientName.substring(clientName.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "bad compiler name '" + clientName + "'");
        }
        if (compiler.getFileName().toString().equals(name)) {
            return compiler;
        }
        Path bin = Files.createDirectories(jobDir.resolve("bin"));
        Path link = bin.resolve(name);
        Files.createSymbolicLink(link, compiler.toAbsolutePath());
        return link;
    }

    /** The compiler's raw wait status; it is killed, with its children, if it outlives {@code timeout}. */
    private static int run(RunningCompiler compiler, Duration timeout) throws InterruptedException, TimeoutException {
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

    /**
     * The files the compile wrote beside the object and named after it ({@code x.dwo}, {@code x.su} for
     * {@code x.o}), which the client places beside its object.
     */
    private static List<SideFile> sideFiles(SourceTree tree, Path object, PathRemapper remapper, Path jobDir)
            throws IOException {
        String objectName = object.getFileName().toString();
        int dot = objectName.lastIndexOf('.');
        String stem = (dot > 0 ? objectName.substring(0, dot) : objectName) + ".";
        List<SideFile> sides = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(object.getParent())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals(objectName)
                        || !name.startsWith(stem)
                        || tree.isReceived(entry)
                        || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String extension = name.substring(name.lastIndexOf('.') + 1);
                Path content = entry;
                if (TEXT_SIDE_FILES.contains(extension)) {
                    byte[] text = Files.readAllBytes(entry);
                    if (remapper.occursIn(text)) {
                        content = Files.write(
                                jobDir.resolve("side-" + sides.size() + "." + extension), remapper.strip(text));
                    }
                }
                sides.add(new SideFile(name, new Payload.InFile(content)));
            }
        }
        sides.sort((a, b) -> a.name().compareTo(b.name()));
        return sides;
    }
}
