package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.daemon.cache.CacheBounds;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.net.SocketConnection;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;

/**
 * The serving side of source mode on a loopback socket, one job at a time, through the daemon's own
 * {@link SourceDialect} ({@link SourceJob}) and a {@link FileCache} of its own, but without its
 * allow-lists: {@code /usr/bin/<argv[0]>} compiles. It answers a hello as the daemon does, so clients
 * need no host marks; anything but a source-mode request is closed unanswered, as distcc 3.4 closes
 * on a version it does not speak.
 */
public final class LoopbackSourceDaemon implements AutoCloseable {
    private final ServerSocket server;
    private final JobDirs jobDirs;
    private final FileCache cache;
    private final Thread acceptor;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /** @param jobs where job directories are made */
    public LoopbackSourceDaemon(Path jobs) throws IOException {
        this.jobDirs = new JobDirs(jobs);
        this.cache = FileCache.open(
                jobs.resolve("file-cache"),
                new CacheBounds(256L << 20, 100_000, Duration.ofDays(1)),
                Clock.systemUTC());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor =
                Thread.ofPlatform().daemon().name("loopback-source-daemon").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Source-mode jobs answered so far. */
    public int served() {
        return served.get();
    }

    /** Files its cache holds now. */
    public int cachedFiles() {
        return cache.size();
    }

    /** Other requests closed so far. */
    public int refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(120_000);
                serve(socket);
            } catch (Exception e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) throws Exception {
        var connection = new SocketConnection(socket);
        var receiver = new JobReceiver(connection, Limits.DEFAULT);
        Request head = receiver.receiveHead();
        if (head.version().isHello()) {
            // As CompileJob answers it: the client learns it may use source mode, unmarked.
            MessageWriter.writeHello(connection.output(), new Hello(ProtocolVersion.ALL_FEATURES, Map.of()));
            connection.output().flush();
            return;
        }
        if (!head.version().has(ProtocolVersion.FEATURE_SOURCES)) {
            refused.incrementAndGet();
            return;
        }
        Path compiler = Path.of(
                "/usr/bin", Path.of(head.argv().getFirst()).getFileName().toString());
        SourceJob.serve(head, receiver, compiler, jobDirs, cache, connection.output(), served::incrementAndGet);
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
