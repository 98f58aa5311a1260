package org.jdistcc.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real {@code distccd} process a test started ({@link DaemonSetup}, or per test class {@link
 * WithDaemon}): its port, its log, its processes, and its end. {@link #close()} stops it and
 * everything it started and removes its directory.
 */
public final class RunningDaemon implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration LINES_TIMEOUT = Duration.ofSeconds(10);

    private final Distccd distccd;
    private final Process process;
    private final Path base;
    private final Path tmpDir;
    private final int port;
    private final int statsPort;

    private RunningDaemon(Distccd distccd, Process process, Path base, Path tmpDir, int port, int statsPort) {
        this.distccd = distccd;
        this.process = process;
        this.base = base;
        this.tmpDir = tmpDir;
        this.port = port;
        this.statsPort = statsPort;
    }

    static RunningDaemon start(DaemonSetup setup) throws IOException, InterruptedException {
        Path base = SharedDirectory.create("jdistccd-test-");
        Path tmp = setup.tmpDir != null ? setup.tmpDir : SharedDirectory.in(base, "tmp");
        int port = setup.port != null ? setup.port : FreePort.find();
        int statsPort = setup.stats ? FreePort.find() : -1;
        List<String> options = new ArrayList<>();
        if (setup.listen != null) {
            options.addAll(List.of("--listen", setup.listen));
        }
        options.addAll(List.of("--daemon", "--no-detach", "--port", Integer.toString(port), "--allow", "127.0.0.1"));
        options.addAll(List.of("--log-file", base.resolve("daemon.log").toString()));
        if (setup.distccd == Distccd.DEBIAN) {
            options.addAll(List.of("--log-level", "info"));
        } else {
            options.addAll(List.of("--pid-file", base.resolve("daemon.pid").toString()));
        }
        if (setup.jobs != null) {
            options.addAll(List.of("--jobs", setup.jobs.toString()));
        }
        if (setup.stats) {
            options.addAll(List.of("--stats", "--stats-port", Integer.toString(statsPort)));
        }
        options.addAll(setup.args);
        List<String> command = setup.distccd.command(setup.installation, options);
        if (setup.namespace != null) {
            command = new ArrayList<>(command);
            command.addAll(0, List.of("ip", "netns", "exec", setup.namespace));
        }
        var builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(base.resolve("stdout").toFile())
                .redirectError(base.resolve("stderr").toFile());
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().putAll(setup.environment);
        var daemon = new RunningDaemon(setup.distccd, builder.start(), base, tmp, port, statsPort);
        try {
            daemon.awaitReady();
        } catch (AssertionError | InterruptedException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    /** Ours says when it listens and when its compilers are identified; Debian's is asked by connecting (each probe is a job in its log). */
    @SuppressWarnings("try") // the probe connection is the question: is it listening yet?
    private void awaitReady() throws InterruptedException {
        if (distccd != Distccd.DEBIAN) {
            awaitLog(l -> l.contains("listening on"), START_TIMEOUT);
            // Ours then works out its compilers' identities by running them: until it says it is
            // done, those runs are processes of its own that tests counting compilers would see.
            awaitLog(l -> l.contains("compiler names identified"), START_TIMEOUT);
            return;
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("distccd exited with " + process.exitValue() + ":\n" + stderr());
            }
            try (var probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("distccd did not listen on port " + port + " within " + START_TIMEOUT);
    }

    public int port() {
        return port;
    }

    /** The stats port, or -1 when the daemon was started without {@code --stats}. */
    public int statsPort() {
        return statsPort;
    }

    /** A {@code DISTCC_HOSTS} entry for it: {@code 127.0.0.1:PORT} and {@code options} ({@code /4,lzo}). */
    public String hostSpec(String options) {
        return "127.0.0.1:" + port + options;
    }

    /** The daemon's {@code $TMPDIR}, where job directories are made. */
    public Path tmpDir() {
        return tmpDir;
    }

    /** A directory for tests to put files in; world-writable, like /tmp, for the attacks to aim at. */
    public Path scratch() {
        try {
            return SharedDirectory.in(base, "scratch");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The daemon's {@code --log-file} so far. */
    public String log() {
        return read(base.resolve("daemon.log"));
    }

    public List<String> logLines() {
        return log().lines().toList();
    }

    /** What the daemon wrote on stderr (before its log was set up, or when it could not start). */
    public String stderr() {
        return read(base.resolve("stderr"));
    }

    /** Waits for a log line; fails with the log and the daemon's stderr if none comes in time. */
    public String awaitLog(Predicate<String> line, Duration timeout) throws InterruptedException {
        return awaitLogAfter(0, line, timeout);
    }

    /** As {@link #awaitLog}, among the lines after the first {@code skip}. */
    public String awaitLogAfter(int skip, Predicate<String> line, Duration timeout) throws InterruptedException {
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

    /** Log lines containing {@code marker} (both daemons' one-line job summaries, for example). */
    public long countLines(String marker) {
        return logLines().stream().filter(l -> l.contains(marker)).count();
    }

    /**
     * Waits (at most 10 s) until {@code count} lines contain {@code marker}: a daemon writes its job
     * line after the reply, so a client can finish first.
     */
    public boolean awaitLines(String marker, long count) {
        long deadline = System.nanoTime() + LINES_TIMEOUT.toNanos();
        while (countLines(marker) < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The process that serves: the child when ours left root itself, else the one started. */
    public ProcessHandle servingProcess() {
        try {
            long pid =
                    Long.parseLong(Files.readString(base.resolve("daemon.pid")).strip());
            return ProcessHandle.of(pid).orElseThrow();
        } catch (IOException | RuntimeException e) {
            return process.toHandle();
        }
    }

    public int openFileDescriptors() {
        return countEntries(Path.of("/proc", Long.toString(servingProcess().pid()), "fd"));
    }

    public int osThreads() {
        return countEntries(Path.of("/proc", Long.toString(servingProcess().pid()), "task"));
    }

    /** Our daemon's job directories now in its {@code $TMPDIR}. */
    public List<Path> jobDirectories() {
        try (Stream<Path> s = Files.list(tmpDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("jdistccd_"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiler processes (and their children) the daemon has running. */
    public List<ProcessHandle> compilers() {
        return servingProcess().descendants().toList();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL to the daemon and all its workers at once, as a volunteer losing power would. */
    public void kill() {
        ProcessTree.kill(process.toHandle());
    }

    /** Stops it (SIGTERM, then SIGKILL to what is left) and removes its directory. */
    @Override
    public void close() {
        ProcessHandle serving = servingProcess();
        ProcessTree.stop(process.toHandle(), STOP_GRACE);
        ProcessTree.kill(serving);
        SharedDirectory.deleteTree(base);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
