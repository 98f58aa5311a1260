package org.jdistcc.client.lsdistcc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's distccd 3.4 on a free loopback port, allowing only 127.0.0.1; stopped by close(). */
final class DebianDistccd implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/distccd");

    private final Process process;
    private final int port;

    private DebianDistccd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static DebianDistccd start(Path logDir) throws IOException, InterruptedException {
        int port = freePort();
        Process p = new ProcessBuilder(
                        BINARY.toString(),
                        "--allow",
                        "127.0.0.1",
                        "--no-detach",
                        "--daemon",
                        "--listen",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--jobs",
                        "2",
                        "--log-stderr")
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("distccd.log").toFile())
                .start();
        var daemon = new DebianDistccd(p, port);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return daemon;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        daemon.close();
        throw new IOException("distccd did not start listening on " + port);
    }

    static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
