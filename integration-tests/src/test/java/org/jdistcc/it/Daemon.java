package org.jdistcc.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real volunteer daemon (Debian's {@code distccd} or ours) on a free loopback port, its log in
 * a file, started and killed by a test.
 */
final class Daemon implements AutoCloseable {
    final int port;
    final Path log;
    private final Process process;

    private Daemon(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Debian's distccd 3.4; it drops root to user distccd, so its log goes through our pipe. */
    static Daemon debian(Path dir) {
        int port = FreePort.find();
        return start(
                List.of(
                        "/usr/bin/distccd",
                        "--no-detach",
                        "--daemon",
                        "--log-stderr",
                        "--log-level",
                        "info",
                        "--allow",
                        "127.0.0.1",
                        "--listen",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--jobs",
                        "4"),
                port,
                dir.resolve("debian-distccd-" + port + ".log"));
    }

    /** Our distccd, as installed. */
    static Daemon jdistcc(Installation installation, Path dir, String... extra) {
        int port = FreePort.find();
        Path log = dir.resolve("jdistccd-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(
                installation.prefix().resolve("bin/distccd").toString(),
                "--no-detach",
                "--log-stderr",
                "--allow",
                "127.0.0.1",
                "--listen",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--jobs",
                "4"));
        command.addAll(List.of(extra));
        return start(command, port, log);
    }

    private static Daemon start(List<String> command, int port, Path log) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            var daemon = new Daemon(port, log, process);
            daemon.awaitListening();
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("try") // the probe connection is the test: is the daemon listening yet?
    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("daemon exited with " + process.exitValue() + ":\n" + logText());
            }
            try (var probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new AssertionError("daemon did not listen on port " + port + " within 60 s:\n" + logText());
    }

    String hostSpec(String options) {
        return "127.0.0.1:" + port + options;
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Log lines that report a finished compile (both daemons' one-line job summaries contain these). */
    long countLines(String marker) {
        return logText().lines().filter(line -> line.contains(marker)).count();
    }

    /**
     * Waits (at most 10 s) until {@code count} lines contain {@code marker}: a daemon writes its
     * job line after the reply, so a client can finish first.
     */
    boolean awaitLines(String marker, long count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (countLines(marker) < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    /** SIGKILL to the daemon and all its workers, as a volunteer losing power would. */
    void kill() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
