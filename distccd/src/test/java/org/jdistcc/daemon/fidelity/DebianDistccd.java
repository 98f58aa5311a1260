package org.jdistcc.daemon.fidelity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's {@code distccd} 3.4 on a free loopback port, in its own session (it signals its process
 * group when it stops), for comparisons with the reference implementation.
 */
public final class DebianDistccd implements AutoCloseable {
    static final Path DISTCCD = Path.of("/usr/bin/distccd");
    static final Path DISTCC = Path.of("/usr/bin/distcc");

    private final Process process;
    private final int port;
    private final Path log;

    private DebianDistccd(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static boolean installed() {
        return Files.isExecutable(DISTCCD)
                && Files.isExecutable(DISTCC)
                && Files.isExecutable(Path.of("/usr/bin/setsid"));
    }

    @SuppressWarnings("try") // the probe connection is the test: is distccd listening yet?
    static DebianDistccd start(Path dir) throws IOException, InterruptedException {
        return start(dir, Path.of("/tmp"));
    }

    /**
     * @param dir where its output goes
     * @param tmpDir its {@code $TMPDIR}, where it makes its job files and pump mode's roots (writable
     *     by nobody)
     */
    public static DebianDistccd start(Path dir, Path tmpDir) throws IOException, InterruptedException {
        return start(dir, tmpDir, java.util.Map.of());
    }

    /** @param environment more variables for it (e.g. {@code LD_PRELOAD}) */
    public static DebianDistccd start(Path dir, Path tmpDir, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = List.of(
                "/usr/bin/setsid",
                DISTCCD.toString(),
                "--daemon",
                "--no-detach",
                "--listen",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--allow",
                "127.0.0.1",
                "--jobs",
                "2",
                "--user",
                "nobody",
                "--log-stderr");
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("distccd.out").toFile());
        builder.environment().put("TMPDIR", tmpDir.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        for (int i = 0; i < 100; i++) {
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new DebianDistccd(process, port, dir.resolve("distccd.out"));
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("distccd exited with " + process.exitValue());
                }
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("distccd did not listen on " + port);
    }

    /** What it logged (to stderr) so far. */
    public String log() throws IOException {
        return Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        var children = process.descendants().toList();
        process.destroy();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
