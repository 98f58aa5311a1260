package org.jdistcc.daemon.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A TCP client. */
public final class SocketConnection extends ClientConnection {
    private final Socket socket;

    public SocketConnection(Socket socket) throws IOException {
        this(socket, null);
    }

    /** @param overLimit why this client is over its limits ({@link ClientLimits}), or null */
    SocketConnection(Socket socket, String overLimit) throws IOException {
        super(socket.getInputStream(), socket.getOutputStream(), overLimit);
        this.socket = socket;
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
    public void abort() {
        reset(socket);
    }

    @Override
    public void close() throws IOException {
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
