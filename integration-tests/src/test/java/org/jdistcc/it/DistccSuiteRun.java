package org.jdistcc.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;

/**
 * Runs every case of distcc's suite for each {@link Column}, as distcc's {@code make
 * installcheck} does: {@code python3 testdistcc.py [--lzo]} with the binaries under test first on
 * a restricted {@code PATH} (its {@code RESTRICTED_PATH}, /usr/local/bin:/bin:/usr/bin), so the
 * suite finds {@code distcc}, {@code distccd} and {@code lsdistcc} by name. Each case runs alone
 * in its own process, so one case's hang or leftovers cannot change another's verdict, and its
 * output is kept in {@code reports}.
 */
final class DistccSuiteRun {
    /** BigAssFile_Case gives its daemon 300 s; a case is stopped a minute after that. */
    private static final Duration CASE_TIMEOUT = Duration.ofMinutes(6);

    private static final String RESTRICTED_PATH = "/usr/local/bin:/bin:/usr/bin";

    /**
     * Whose binaries, in which of the suite's modes ({@code --lzo} adds {@code ,lzo} to every
     * host the suite's client uses).
     *
     * @param binDir the directory put first on {@code PATH}, or null for the system's own
     */
    record Column(String binaries, Path binDir, boolean lzo) {
        String label() {
            return binaries + (lzo ? " lzo" : " plain");
        }

        String directoryName() {
            return label().replace(' ', '-');
        }
    }

    private final DistccSuiteSource suite;
    private final SuiteSandbox sandbox;
    private final Path work;
    private final Path reports;

    /**
     * @param work an empty directory the sandbox's user can reach (the suite's files are copied in)
     * @param reports where each case's output is written, as COLUMN/CASE.out
     */
    DistccSuiteRun(DistccSuiteSource suite, SuiteSandbox sandbox, Path work, Path reports) {
        this.suite = suite;
        this.sandbox = sandbox;
        this.work = work;
        this.reports = reports;
    }

    /**
     * Fails with a clear message unless the sandbox's user can run the column's {@code distccd}
     * (a prefix under a private home directory, say), which would otherwise fail every case.
     */
    void assertRunnable(Column column) {
        Outcome version = CommandRunner.in(Path.of("/"))
                .run(sandbox.wrap(List.of("env", "-i", "PATH=" + path(column), "distccd", "--version")));
        if (version.exitCode() != 0) {
            throw new AssertionError("the suite's user cannot run " + column.label() + "'s distccd (PATH="
                    + path(column) + "): is the installation readable by everyone?\n" + version);
        }
    }

    private static String path(Column column) {
        return (column.binDir() == null ? "" : column.binDir() + ":") + RESTRICTED_PATH;
    }

    /** Each column's results by case name, in the suite's order. */
    Map<Column, Map<String, SuiteCaseResult>> run(List<Column> columns) throws IOException, InterruptedException {
        Path scripts = work.resolve("suite");
        Files.createDirectories(scripts);
        for (String file : List.of("testdistcc.py", "comfychair.py")) {
            Files.copy(suite.testDir().resolve(file), scripts.resolve(file));
        }
        readableByAll(work);
        readableByAll(scripts);
        var results = new HashMap<Column, Map<String, SuiteCaseResult>>();
        var jobs = new ArrayList<Runnable>();
        for (Column column : columns) {
            Path runDir = work.resolve(column.directoryName());
            Files.createDirectories(runDir);
            sandbox.hand(runDir);
            Files.createDirectories(reports.resolve(column.directoryName()));
            var byCase = new ConcurrentHashMap<String, SuiteCaseResult>();
            results.put(column, byCase);
            // The suite lists its slow cases last: started first, they do not end the run alone.
            for (String name : suite.selectedCases().reversed()) {
                jobs.add(() -> byCase.put(name, runCase(column, runDir, scripts, name)));
            }
        }
        try (var pool = Executors.newFixedThreadPool(sandbox.parallelism())) {
            var futures = new ArrayList<Future<?>>();
            for (Runnable job : interleaved(jobs, columns.size())) {
                futures.add(pool.submit(job));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new AssertionError("a case of distcc's suite could not be run", e.getCause());
                }
            }
        }
        var ordered = new LinkedHashMap<Column, Map<String, SuiteCaseResult>>();
        for (Column column : columns) {
            var byCase = new LinkedHashMap<String, SuiteCaseResult>();
            for (String name : suite.selectedCases()) {
                byCase.put(name, results.get(column).get(name));
            }
            ordered.put(column, byCase);
        }
        return ordered;
    }

    /** Column by column would run one column's slow cases together; this takes turns. */
    private static List<Runnable> interleaved(List<Runnable> jobs, int columns) {
        int perColumn = jobs.size() / columns;
        var mixed = new ArrayList<Runnable>();
        for (int i = 0; i < perColumn; i++) {
            for (int c = 0; c < columns; c++) {
                mixed.add(jobs.get(c * perColumn + i));
            }
        }
        return mixed;
    }

    private SuiteCaseResult runCase(Column column, Path runDir, Path scripts, String name) {
        var command = new ArrayList<>(List.of(
                "env",
                "-i",
                "HOME=" + runDir,
                "PATH=" + path(column),
                "LANG=C",
                "LC_ALL=C",
                "python3",
                scripts.resolve("testdistcc.py").toString()));
        if (column.lzo()) {
            command.add("--lzo");
        }
        command.add(name);
        SuiteCaseResult result;
        try {
            Outcome outcome = CommandRunner.in(runDir).withTimeout(CASE_TIMEOUT).run(sandbox.wrap(command));
            result = SuiteCaseResult.of(name, outcome);
        } catch (AssertionError e) {
            result = SuiteCaseResult.timedOut(name, e.getMessage());
        }
        try {
            Files.writeString(reports.resolve(column.directoryName()).resolve(name + ".out"), result.output());
            // The case's directory holds its client agent's socket: removing it ends the agent.
            deleteTree(runDir.resolve("_testtmp").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static void readableByAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Removes {@code dir}, tolerating files that go away meanwhile (the agent's socket). */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
