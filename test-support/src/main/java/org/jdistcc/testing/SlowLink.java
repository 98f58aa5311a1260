package org.jdistcc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A slow network link on loopback: a port that forwards every connection to {@code 127.0.0.1:target}
 * at most {@code bytesPerSecond} each way, in small steps (as a slow link spreads a transfer out),
 * so a client measures what it would across a real one. Each connection is copied by two virtual
 * threads; {@link #close()} drops them all.
 */
public final class SlowLink implements AutoCloseable {
    /** Bytes forwarded per step: a few packets. */
    private static final int STEP = 4096;

    private final ServerSocket server;
    private final int target;
    private final long bytesPerSecond;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private SlowLink(ServerSocket server, int target, long bytesPerSecond) {
        this.server = server;
        this.target = target;
        this.bytesPerSecond = bytesPerSecond;
    }

    public static SlowLink to(int target, long bytesPerSecond) throws IOException {
        var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var link = new SlowLink(server, target, bytesPerSecond);
        Thread.ofVirtual().name("slow-link").start(link::accept);
        return link;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket volunteer = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(volunteer);
                Thread.ofVirtual().start(() -> copy(client, volunteer));
                Thread.ofVirtual().start(() -> copy(volunteer, client));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    /** Copies {@code from} to {@code to} at the link's rate; ends both when either ends. */
    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[STEP];
        long started = System.nanoTime();
        long sent = 0;
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sent += n;
                long due = started + sent * 1_000_000_000L / bytesPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } else {
                    // idle for a while (the volunteer compiling): the rate counts from now
                    started = System.nanoTime() - sent * 1_000_000_000L / bytesPerSecond;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side went: the other follows
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }
}
