package org.jdistcc.daemon.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A TCP client. */
public final class SocketConnection implements ClientConnection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();

    public SocketConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = MeteredStreams.in(socket.getInputStream(), bytesIn);
        this.out = new BufferedOutputStream(MeteredStreams.out(socket.getOutputStream(), bytesOut), 64 * 1024);
    }

    @Override
    public String peer() {
        return socket.getRemoteSocketAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort()
                : String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
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
    public long bytesIn() {
        return bytesIn.get();
    }

    @Override
    public long bytesOut() {
        return bytesOut.get();
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
