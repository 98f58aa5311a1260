package org.jdistcc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code dnsmasq} as the name server of a test: on 127.0.0.1 and a free port, answering
 * only from what the test gives it ({@code --no-resolv --no-hosts}, no upstream), its log in the
 * test's directory. {@code .ci/run} installs it. The client is pointed at it through {@code
 * JDISTCC_DNS_SERVER=}{@link #address()}.
 */
public final class Dnsmasq implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

    private final int port;
    private final Path log;
    private final Process process;

    private Dnsmasq(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * @param hosts lines of a hosts file ({@code ADDRESS NAME}); a name on several lines has several addresses
     * @param options more dnsmasq options, as {@code --srv-host=_distcc._tcp.farm.test,vol1.farm.test,3700}
     * @param ttl the TTL of every record it answers with ({@code --local-ttl})
     */
    public static Dnsmasq start(Path dir, List<String> hosts, List<String> options, int ttl) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: apt-get install dnsmasq (.ci/run does)");
        }
        int port = FreePort.find();
        Path hostsFile = dir.resolve("dnsmasq-hosts");
        Files.write(hostsFile, hosts);
        Path log = dir.resolve("dnsmasq-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(
                BINARY.toString(),
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--no-poll",
                "--pid-file=",
                "--log-facility=-",
                "--log-queries",
                "--bind-interfaces",
                "--listen-address=127.0.0.1",
                "--port=" + port,
                "--local-ttl=" + ttl,
                "--addn-hosts=" + hostsFile));
        if (isRoot()) {
            command.add("--user=root"); // its log file is the test's, which "nobody" may not write
        }
        command.addAll(options);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var server = new Dnsmasq(port, log, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("dnsmasq exited with " + process.exitValue() + ":\n" + server.log());
            }
            try (var probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server; // it answers over TCP once it answers at all
            } catch (IOException notYet) {
                sleep();
            }
        }
        server.close();
        throw new AssertionError("dnsmasq did not listen on 127.0.0.1:" + port + " within 15 s:\n" + server.log());
    }

    /** {@code 127.0.0.1:PORT}, as {@code JDISTCC_DNS_SERVER} takes it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** What it logged, each query included. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many queries for {@code name} it has answered. */
    public long queries(String name) {
        return log().lines()
                .filter(l -> l.contains("query[") && l.contains(" " + name + " "))
                .count();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for dnsmasq", e);
        }
    }
}
