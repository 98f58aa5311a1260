package org.jdistcc.daemon.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts clients: checks the address against the access list, caps open connections, notes which
 * are over their client's limits ({@link ClientLimits}), and hands each accepted one to its own
 * virtual thread. The connection cap is separate from the compile
 * slots ({@code --jobs}), so clients that connect and stay idle use up connections, never
 * compilers, and a request deadline bounds how long they can hold one.
 */
public final class Listener implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    /** Serves one connection; the listener closes it afterwards. */
    @FunctionalInterface
    public interface Handler {
        void serve(ClientConnection connection, long connectionNumber);
    }

    private final ServerSocketChannel server;
    private final AccessList access;
    private final Semaphore connections;
    private final int maxConnections;
    private final ClientLimits limits;
    private final Handler handler;
    private final TlsGate gate;
    private final AtomicLong accepted = new AtomicLong();

    private Listener(
            ServerSocketChannel server,
            AccessList access,
            int maxConnections,
            ClientLimits limits,
            TlsGate gate,
            Handler handler) {
        this.server = server;
        this.access = access;
        this.maxConnections = maxConnections;
        this.connections = new Semaphore(maxConnections);
        this.limits = limits;
        this.gate = gate;
        this.handler = handler;
    }

    public static Listener bind(InetSocketAddress address, AccessList access, int maxConnections, Handler handler)
            throws IOException {
        return bind(address, access, maxConnections, ClientLimits.NONE, handler);
    }

    public static Listener bind(
            InetSocketAddress address, AccessList access, int maxConnections, ClientLimits limits, Handler handler)
            throws IOException {
        return bind(address, access, maxConnections, limits, null, handler);
    }

    /** @param gate TLS beside plaintext on the port ({@code --host-key}), or null for plaintext only */
    public static Listener bind(
            InetSocketAddress address,
            AccessList access,
            int maxConnections,
            ClientLimits limits,
            TlsGate gate,
            Handler handler)
            throws IOException {
        // A channel, so each accepted socket has one: plaintext replies send their objects by sendfile.
        var server = ServerSocketChannel.open();
        try {
            server.socket().setReuseAddress(true);
            server.bind(address, 256);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new Listener(server, access, maxConnections, limits, gate, handler);
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    /** Accepts until {@link #close()}. */
    public void serve() {
        while (server.isOpen()) {
            Socket socket;
            try {
                socket = server.accept().socket();
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                // Out of file descriptors, or a connection reset before accept: keep serving.
                LOG.warn("accept failed: {}", e.toString());
                pause();
                continue;
            }
            long number = accepted.incrementAndGet();
            if (!access.allows(socket.getInetAddress())) {
                LOG.warn(
                        "connection {} from {} refused: not in the --allow list",
                        number,
                        socket.getInetAddress().getHostAddress());
                SocketConnection.reset(socket);
                continue;
            }
            if (!connections.tryAcquire()) {
                LOG.warn(
                        "connection {} from {} refused: already {} connections open (--max-connections)",
                        number,
                        socket.getInetAddress().getHostAddress(),
                        maxConnections);
                SocketConnection.reset(socket);
                continue;
            }
            ClientLimits.Admission admission = limits.admit(socket.getInetAddress());
            Thread.ofVirtual().name("connection-" + number).start(() -> serveOne(socket, number, admission));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveOne(Socket socket, long number, ClientLimits.Admission admission) {
        long bytesIn = 0;
        try (ClientConnection connection = open(socket, number, admission.refusal())) {
            if (connection == null) {
                return; // refused by the TLS gate, which said why
            }
            try {
                handler.serve(connection, number);
            } finally {
                bytesIn = connection.bytesIn();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("connection {}: {}", number, e.toString());
        } finally {
            admission.close(bytesIn);
            connections.release();
        }
    }

    /** The connection, through the TLS gate when there is one; null when the gate refused it. */
    private ClientConnection open(Socket socket, long number, String overLimit) throws IOException {
        socket.setKeepAlive(true);
        socket.setTcpNoDelay(true);
        if (gate == null) {
            return new SocketConnection(socket, socket.getInputStream(), socket.getOutputStream(), socket, overLimit);
        }
        try {
            return gate.open(socket, number, overLimit);
        } catch (IOException | RuntimeException e) {
            SocketConnection.reset(socket);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
