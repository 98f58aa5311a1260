package org.jdistcc.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broken or hostile volunteer on loopback: it reads the request head and answers with one kind
 * of nonsense. Each connection is served on its own virtual thread until the test closes it. Like
 * distcc 3.4's daemon, it closes at once on a jdistcc hello ({@code DIST6a64...}), which is not a job.
 */
final class FakeVolunteer implements AutoCloseable {
    enum Behaviour {
        /** Accepts, reads, never answers. */
        SILENT,
        /** Answers bytes that are not distcc's protocol. */
        GARBAGE,
        /** Announces an object larger than what it sends, then closes. */
        TRUNCATED_OBJECT,
        /** Answers with another protocol version than asked. */
        WRONG_VERSION,
        /** Announces a 4 GiB stderr. */
        HUGE_LENGTH
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    /** Connections that asked for a job (hellos are not counted). */
    final AtomicInteger connections = new AtomicInteger();

    FakeVolunteer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(60_000);
            InputStream in = socket.getInputStream();
            String dist = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            if (dist.startsWith("DIST6a64")) {
                return;
            }
            connections.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            switch (behaviour) {
                case SILENT -> in.readAllBytes();
                case GARBAGE -> out.write("HTTP/1.0 200 OK\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
                case TRUNCATED_OBJECT ->
                    out.write("DONE00000001STAT00000000SERR00000000SOUT00000000DOTO00001000\u007fELF"
                            .getBytes(StandardCharsets.ISO_8859_1));
                case WRONG_VERSION -> out.write("DONE00000002STAT00000000".getBytes(StandardCharsets.US_ASCII));
                case HUGE_LENGTH ->
                    out.write("DONE00000001STAT00000000SERRffffffff".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException ignored) {
            // the client hung up: fine
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
