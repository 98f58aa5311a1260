package org.jdistcc.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdistcc.testing.FreePort;

/**
 * Debian's {@code redis-server} on a free loopback port with its own directory and no persistence
 * ({@code --save ''}), bounded like a farm's (an LRU {@code maxmemory}). {@code .ci/run} installs it.
 */
final class RedisServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/redis-server");

    final int port;
    private final Path dir;
    private final String password;
    private Process process;

    private RedisServer(int port, Path dir, String password) {
        this.port = port;
        this.dir = dir;
        this.password = password;
    }

    static RedisServer start(Path dir) {
        return start(dir, FreePort.find(), null);
    }

    /** @param password a password it requires ({@code --requirepass}), or null */
    static RedisServer start(Path dir, int port, String password) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: apt-get install redis-server (.ci/run does)");
        }
        var server = new RedisServer(port, dir, password);
        server.launch();
        return server;
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                BINARY.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--maxmemory",
                "256mb",
                "--maxmemory-policy",
                "allkeys-lru"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited with " + process.exitValue());
            }
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new AssertionError("redis-server did not listen on " + port + " within 20 s");
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The number of keys it holds ({@code DBSIZE}), asked in Redis's own protocol. */
    long keys() {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$6\r\nDBSIZE\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            var line = new StringBuilder();
            for (int c; (c = in.read()) != '\n' && c >= 0; ) {
                line.append((char) c);
            }
            if (line.charAt(0) != ':') {
                throw new AssertionError("DBSIZE answered " + line);
            }
            return Long.parseLong(line.substring(1).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops it (SIGSTOP): connections stay open and nothing answers, as a Redis swapping to death. */
    void freeze() {
        signal("STOP");
    }

    void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            int status = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .start()
                    .waitFor();
            if (status != 0) {
                throw new AssertionError("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it for good; {@link #restart} brings it back, empty, on the same port. */
    void stop() {
        if (process != null && process.isAlive()) {
            thaw(); // one frozen by a test; kill(1) of an exited pid would fail the test instead
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
