package org.jdistcc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broken or hostile volunteer on loopback: it reads the request head and answers with one kind of
 * nonsense, or not at all. Like distcc 3.4 it closes a connection that opens with jdistcc's hello.
 * Each connection is served on its own virtual thread; {@link #close()} drops them all, so a client
 * waiting on it sees the connection end.
 */
public final class FakeVolunteer implements AutoCloseable {
    /** What it does with a job. */
    public enum Behaviour {
        /** Accepts and does nothing at all: reads nothing, answers nothing, hello included. */
        MUTE,
        /** Reads the whole request, never answers. */
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

    /** How every jdistcc hello starts: {@code DIST} with the hello bit alone. */
    private static final String HELLO = "DIST6a64";

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger jobs = new AtomicInteger();

    public FakeVolunteer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections that asked for a job (hellos are not counted; nor is anything under MUTE). */
    public int jobs() {
        return jobs.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.add(socket);
                if (behaviour != Behaviour.MUTE) {
                    Thread.ofVirtual().start(() -> serve(socket));
                }
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
            if (dist.startsWith(HELLO)) {
                return;
            }
            jobs.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            switch (behaviour) {
                case MUTE -> {}
                case SILENT -> in.transferTo(OutputStream.nullOutputStream());
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
            // the client hung up, or close() did: fine
        }
    }

    /** Stops accepting and drops every connection. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
