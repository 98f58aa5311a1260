package org.jdistcc.daemon.fidelity;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.daemon.serving.DefaultSearchPaths;
import org.jdistcc.daemon.serving.SourceModeCompile;
import org.jdistcc.daemon.serving.SourceRequest;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;

/**
 * The serving side of source mode on a loopback socket, one job at a time, exactly as the daemon's
 * job handler calls it: read the head, {@link SourceRequest#read}, {@link SourceModeCompile#compile},
 * write the reply, delete the job directory. Anything but a source-mode request is closed unanswered,
 * as distcc 3.4 closes on a version it does not speak.
 */
final class LoopbackSourceDaemon implements AutoCloseable {
    private final ServerSocket server;
    private final Path jobs;
    private final SourceModeCompile compile;
    private final Thread acceptor;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    LoopbackSourceDaemon(Path jobs) throws IOException {
        this.jobs = jobs;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.compile = new SourceModeCompile(new DefaultSearchPaths(), System.getenv("PATH"));
        this.acceptor =
                Thread.ofPlatform().daemon().name("loopback-source-daemon").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    int served() {
        return served.get();
    }

    int refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(120_000);
                serve(socket);
            } catch (IOException | RuntimeException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        var in = new BufferedInputStream(socket.getInputStream());
        var out = new BufferedOutputStream(socket.getOutputStream());
        var reader = new MessageReader(in, Limits.DEFAULT);
        Request head = reader.readRequest();
        if (!head.version().has(ProtocolVersion.FEATURE_SOURCES)) {
            refused.incrementAndGet();
            return;
        }
        Path job = Files.createTempDirectory(jobs, "job");
        try {
            SourceRequest request = SourceRequest.read(head, reader, job, 1L << 30);
            Path compiler = Path.of(
                    "/usr/bin", Path.of(head.argv().getFirst()).getFileName().toString());
            Reply reply = compile.compile(request, compiler, Duration.ofMinutes(2));
            MessageWriter.writeReply(out, reply);
            out.flush();
            served.incrementAndGet();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        } finally {
            try (var walk = Files.walk(job)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
