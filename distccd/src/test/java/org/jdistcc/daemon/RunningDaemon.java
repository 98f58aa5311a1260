package org.jdistcc.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A real daemon process started by {@link WithDaemon}. */
final class RunningDaemon {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path base;
    private final int port;
    private final int statsPort;

    private RunningDaemon(Process process, Path base, int port, int statsPort) {
        this.process = process;
        this.base = base;
        this.port = port;
        this.statsPort = statsPort;
    }

    static RunningDaemon start(String... extraArgs) throws IOException, InterruptedException {
        return start(false, extraArgs);
    }

    /** With {@code stats}, also serves the stats port ({@code --stats}) on a free port: {@link #statsPort()}. */
    static RunningDaemon start(boolean stats, String... extraArgs) throws IOException, InterruptedException {
        return start("127.0.0.1", stats, extraArgs);
    }

    /** As {@link #start}, listening on {@code listen}, or on every address when it is null. */
    static RunningDaemon startListening(String listen, String... extraArgs) throws IOException, InterruptedException {
        return start(listen, false, extraArgs);
    }

    private static RunningDaemon start(String listen, boolean stats, String... extraArgs)
            throws IOException, InterruptedException {
        // As root the daemon runs as nobody: it must be able to write its log, pid and jobs here.
        Path base = sharedTempDir();
        Path tmp = Files.createDirectory(base.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = freePort();
        int statsPort = stats ? freePort() : -1;
        var args = new ArrayList<String>();
        if (listen != null) {
            args.addAll(List.of("--listen", listen));
        }
        args.addAll(List.of(
                "--no-detach",
                "--port",
                Integer.toString(port),
                "--allow",
                "127.0.0.1",
                "--log-file",
                base.resolve("daemon.log").toString(),
                "--pid-file",
                base.resolve("daemon.pid").toString()));
        if (stats) {
            args.addAll(List.of("--stats", "--stats-port", Integer.toString(statsPort)));
        }
        args.addAll(List.of(extraArgs));
        var command = javaCommand(args);
        var builder = new ProcessBuilder(command)
                .redirectOutput(base.resolve("stdout").toFile())
                .redirectError(base.resolve("stderr").toFile());
        builder.environment().put("TMPDIR", tmp.toString());
        var daemon = new RunningDaemon(builder.start(), base, port, statsPort);
        daemon.awaitLog(l -> l.contains("listening on"), START_TIMEOUT);
        return daemon;
    }

    /**
     * {@code java ... Main ARGS}, plus {@code --user nobody} when the tests run as root: the
     * daemon refuses to keep root, and nobody is the user the staged classpath is readable by.
     */
    static List<String> javaCommand(List<String> args) {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                TestClasspath.forDaemon(),
                Main.class.getName()));
        command.addAll(args);
        if (TestClasspath.runningAsRoot()) {
            command.addAll(List.of("--user", "nobody"));
        }
        return command;
    }

    /** A fresh directory the daemon (maybe as nobody) can write its log, pid file and jobs to. */
    static Path sharedTempDir() throws IOException {
        Path base = Files.createTempDirectory("jdistccd-test-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        return base;
    }

    private static int freePort() throws IOException {
        try (var probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /** The stats port, or -1 when the daemon was started without {@code --stats}. */
    int statsPort() {
        return statsPort;
    }

    /** The daemon's $TMPDIR, where job directories are made. */
    Path tmpDir() {
        return base.resolve("tmp");
    }

    /** A directory for tests to put files in; world-writable, like /tmp, for the attacks to aim at. */
    Path scratch() {
        Path dir = base.resolve("scratch");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    String log() {
        try {
            Path log = base.resolve("daemon.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> logLines() {
        return log().lines().toList();
    }

    /** Waits for a log line; fails with the log and the daemon's stderr if none comes in time. */
    String awaitLog(Predicate<String> line, Duration timeout) throws InterruptedException {
        return awaitLogAfter(0, line, timeout);
    }

    /** As {@link #awaitLog}, among the lines after the first {@code skip}. */
    String awaitLogAfter(int skip, Predicate<String> line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = logLines();
            for (String l : lines.subList(Math.min(skip, lines.size()), lines.size())) {
                if (line.test(l)) {
                    return l;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such log line within " + timeout + "; log:\n" + log() + "\nstderr:\n" + stderr());
    }

    String stderr() {
        try {
            return Files.readString(base.resolve("stderr"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The process that serves: the child when the daemon left root, else the one we started. */
    ProcessHandle servingProcess() {
        try {
            long pid =
                    Long.parseLong(Files.readString(base.resolve("daemon.pid")).strip());
            return ProcessHandle.of(pid).orElseThrow();
        } catch (IOException | NumberFormatException e) {
            return process.toHandle();
        }
    }

    int openFileDescriptors() {
        return countEntries(Path.of("/proc", Long.toString(servingProcess().pid()), "fd"));
    }

    int osThreads() {
        return countEntries(Path.of("/proc", Long.toString(servingProcess().pid()), "task"));
    }

    List<Path> jobDirectories() {
        try (Stream<Path> s = Files.list(tmpDir())) {
            return s.filter(p -> p.getFileName().toString().startsWith("jdistccd_"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiler processes (and their children) the daemon has running. */
    List<ProcessHandle> compilers() {
        return servingProcess().descendants().toList();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void stop() {
        ProcessHandle serving = servingProcess();
        List<ProcessHandle> all = new ArrayList<>(serving.descendants().toList());
        all.add(serving);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(ProcessHandle::destroyForcibly);
        deleteTree(base);
    }

    /** Removes a {@link #sharedTempDir()} and everything in it, as far as it can. */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is under the system temp dir
        }
    }

    private static int countEntries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
