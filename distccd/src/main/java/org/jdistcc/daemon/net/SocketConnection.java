package org.jdistcc.daemon.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A TCP client, plaintext or inside TLS ({@link TlsGate}). */
public final class SocketConnection extends ClientConnection {
    private final Socket socket;
    private final Closeable closing;

    public SocketConnection(Socket socket) throws IOException {
        this(socket, socket.getInputStream(), socket.getOutputStream(), socket, null);
    }

    /**
     * @param socket the TCP socket: its peer, its timeouts, its reset
     * @param in what the client sends, as read ({@link TlsGate}: decrypted, or with a peeked byte back)
     * @param out what goes to the client
     * @param closing closed at the end: the TLS socket over {@code socket}, or {@code socket}
     * @param overLimit why this client is over its limits ({@link ClientLimits}), or null
     */
    SocketConnection(Socket socket, InputStream in, OutputStream out, Closeable closing, String overLimit) {
        // Plaintext on a socket accepted from a channel (Listener, or inherited under --inetd) sends
        // files by sendfile; TLS, or a plain socket, copies them.
        super(in, out, closing == socket ? socket.getChannel() : null, overLimit);
        this.socket = socket;
        this.closing = closing;
    }

    @Override
    public String peer() {
        return socket.getRemoteSocketAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort()
                : String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    @Override
    public boolean timesReads() {
        return true;
    }

    @Override
    public void abort() {
        reset(socket);
    }

    @Override
    public void close() throws IOException {
        if (closing != socket) {
            try {
                closing.close(); // TLS: close_notify, a courtesy a client already gone does not need
            } catch (IOException e) {
                // the socket below is closed next either way
            }
        }
        socket.close();
    }

    /** Closes with an RST, as distcc 3.4 does for a refused client: no FIN, no lingering. */
    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
