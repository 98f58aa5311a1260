package org.jdistcc.client.includes;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.common.args.Language;
import org.jdistcc.common.args.PreprocessorOptions;

/**
 * The files a compile needs, found without running the preprocessor: jdistcc's replacement for
 * distcc's include server (pump mode). One instance lives as long as the client agent and is shared
 * by all its compiles: it keeps each file's directives (parsed once while the file is unchanged),
 * each directory's lookups (checked with one {@code stat} per analysis), and each compiler's
 * defaults (probed once). A file or directory that changed is seen at the next analysis. Caches are
 * bounded; analyses run concurrently.
 *
 * <p>The result over-approximates: every branch of every conditional is followed. When the analysis
 * cannot be sure it found everything (an unsupported option, a computed include it cannot bound, an
 * absolute {@code #include}, a precompiled header, an unreadable file, ...), it says so and why
 * ({@link Result.CannotBeSure}), and the compile is preprocessed here instead.
 */
public final class IncludeAnalysis {
    /**
     * One compile to analyse.
     *
     * @param command the compile as the user gave it
     * @param compiler the compiler binary the command runs (not a masquerading link to distcc)
     * @param workingDirectory the absolute directory the compile runs in
     * @param environment the compile's environment ({@code CPATH}, {@code C_INCLUDE_PATH}, {@code
     *     CPLUS_INCLUDE_PATH}, ... count; {@code PATH} and the rest reach the compiler's probe)
     */
    public record Request(
            CompilerCommand command, Path compiler, Path workingDirectory, Map<String, String> environment) {
        public Request {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(compiler, "compiler");
            environment = Map.copyOf(environment);
            if (!workingDirectory.isAbsolute()) {
                throw new IllegalArgumentException("not absolute: " + workingDirectory);
            }
        }
    }

    /**
     * Bounds of the caches.
     *
     * @param files file versions whose scans are kept
     * @param directories directories whose lookups are kept
     * @param compilers compiler, language and option combinations whose defaults are kept
     */
    public record Limits(int files, int directories, int compilers) {
        public static final Limits DEFAULT = new Limits(200_000, 50_000, 256);
    }

    private final ScanCache scans;
    private final DirectoryCache directories;
    private final DefaultsCache defaults;
    private final Clock clock;

    private IncludeAnalysis(Limits limits, Clock clock) {
        this.scans = new ScanCache(limits.files());
        this.directories = new DirectoryCache(limits.directories());
        this.defaults = new DefaultsCache(limits.compilers());
        this.clock = clock;
    }

    public static IncludeAnalysis create() {
        return create(Limits.DEFAULT);
    }

    public static IncludeAnalysis create(Limits limits) {
        return new IncludeAnalysis(limits, Clock.systemUTC());
    }

    /** With {@code clock} telling how long ago a file changed (whether its stat can be trusted yet). */
    static IncludeAnalysis create(Limits limits, Clock clock) {
        return new IncludeAnalysis(limits, clock);
    }

    /** How many times a file was read (and hashed) since this instance was made. */
    long fileReads() {
        return scans.reads();
    }

    /**
     * Whether the regular file at {@code realPath} is still, by a stat taken now, the version the
     * analysis read with digest {@code sha256}. Call it after reading the file to send: a write
     * during or after that read changes its stat. False when the analysis never trusted that stat
     * (the file had changed too recently): then the caller hashes what it read.
     */
    public boolean unchanged(String realPath, String sha256) {
        return scans.unchanged(realPath, sha256);
    }

    /** Finds what {@code request}'s compile reads; never throws for what it finds on disk. */
    public Result analyse(Request request) {
        try {
            return inputs(request);
        } catch (Unsure e) {
            return new Result.CannotBeSure(e.getMessage());
        }
    }

    private Result.Inputs inputs(Request request) throws Unsure {
        CompilerCommand command = request.command();
        String source = command.source().orElseThrow(() -> new Unsure("no single source file"));
        Language language = command.language().orElseThrow(() -> new Unsure("not a C, C++ or Objective-C source"));
        PreprocessorOptions options = PreprocessorOptions.of(command);
        if (options.unsupported().isPresent()) {
            throw new Unsure("the option " + options.unsupported().get() + " is not modelled");
        }
        Instant now = clock.instant();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        var walker = new PathWalker(directories, nowNanos);
        PathWalker.Resolved workingDirectory =
                walker.resolve(walker.directory("/"), request.workingDirectory().toString(), true);
        if (workingDirectory == null) {
            throw new Unsure("the working directory " + request.workingDirectory() + " is gone");
        }
        if (language.isPreprocessed()) {
            return preprocessed(workingDirectory, source, walker, nowNanos);
        }
        CompilerDefaults compilerDefaults = defaults.defaults(
                request.compiler(), options.probeOptions(), request.workingDirectory(), request.environment());
        SearchPath path = SearchPath.build(
                options,
                request.environment(),
                language,
                compilerDefaults,
                walker,
                walker.directory(workingDirectory.real()));
        var walk = new ClosureWalk(path, walker, scans, nowNanos, compilerDefaults, commandLineMacros(options));
        return walk.run(workingDirectory, source, options.includeFiles());
    }

    /** A {@code .i} or {@code .ii} file includes nothing. */
    private Result.Inputs preprocessed(PathWalker.Resolved directory, String source, PathWalker walker, long nowNanos)
            throws Unsure {
        PathWalker.Resolved file = walker.resolve(walker.directory(directory.real()), source, false);
        if (file == null) {
            throw new Unsure("cannot find the source " + source);
        }
        FileFacts facts = scans.facts(file.real(), nowNanos);
        var links = new ArrayList<Result.InputLink>();
        for (PathWalker.Link link : file.links()) {
            links.add(new Result.InputLink(link.path(), link.target(), false));
        }
        return new Result.Inputs(
                List.of(new Result.InputFile(file.real(), facts.sha256(), facts.size(), facts.modified(), false)),
                links,
                List.of(),
                List.of());
    }

    private static Map<String, List<MacroDefinition>> commandLineMacros(PreprocessorOptions options) {
        Map<String, List<MacroDefinition>> macros = new HashMap<>();
        for (String value : options.definitions()) {
            MacroDefinition definition = MacroDefinition.fromCommandLine(value);
            if (definition != null) {
                macros.computeIfAbsent(definition.name(), k -> new ArrayList<>(1))
                        .add(definition);
            }
        }
        return macros;
    }
}
