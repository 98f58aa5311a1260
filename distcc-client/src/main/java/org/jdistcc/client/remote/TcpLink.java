package org.jdistcc.client.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdistcc.client.config.Timeouts;

/** A TCP connection to a volunteer, opened within the resolve and connect timeouts. */
final class TcpLink implements Link {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TcpLink(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** A link over a socket already connected (a waiting room's, {@link Invitations}). */
    static TcpLink over(Socket socket) throws IOException {
        return new TcpLink(socket);
    }

    static TcpLink open(String host, int port, Timeouts timeouts) throws RemoteFailure {
        Socket socket = connect(host, port, timeouts);
        try {
            return new TcpLink(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new RemoteFailure(RemoteFailure.Kind.CANNOT_CONNECT, host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** A socket connected to {@code host}, its reads bounded by the I/O timeout ({@link TlsLink}'s too). */
    static Socket connect(String host, int port, Timeouts timeouts) throws RemoteFailure {
        InetAddress address = resolve(host, timeouts);
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port), (int)
                    timeouts.connect().toMillis());
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeouts.io().toMillis()));
            return socket;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new RemoteFailure(
                    RemoteFailure.Kind.CANNOT_CONNECT,
                    host + ":" + port + " did not answer within "
                            + timeouts.connect().toMillis() + " ms",
                    e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new RemoteFailure(RemoteFailure.Kind.CANNOT_CONNECT, host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** An IPv4 or IPv6 address written out, as most host lists give volunteers. */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // a name has no colon; ofLiteral refuses what is not an address
        }
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }

    /** Name resolution can hang for tens of seconds in libc; distcc has no bound on it. */
    static InetAddress resolve(String host, Timeouts timeouts) throws RemoteFailure {
        if (isLiteral(host)) {
            try {
                return InetAddress.ofLiteral(host); // no lookup, so no thread to bound it
            } catch (IllegalArgumentException notAnAddress) {
                // "1.2.3.999": looked up as a name below, as before, and not found there
            }
        }
        var task = new FutureTask<>(() -> InetAddress.getByName(host));
        Thread.ofVirtual().start(task);
        try {
            return task.get(timeouts.resolve().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new RemoteFailure(
                    RemoteFailure.Kind.CANNOT_RESOLVE,
                    host + ": no answer within " + timeouts.resolve().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof UnknownHostException ? "unknown host" : String.valueOf(cause);
            throw new RemoteFailure(RemoteFailure.Kind.CANNOT_RESOLVE, host + ": " + why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFailure(RemoteFailure.Kind.CANNOT_RESOLVE, host + ": interrupted");
        }
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to save
        }
    }
}
