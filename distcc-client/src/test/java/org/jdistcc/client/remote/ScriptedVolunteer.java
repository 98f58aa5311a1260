package org.jdistcc.client.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;

/**
 * A volunteer on loopback for the client's tests, speaking distcc's protocols 1 and 2: it reads
 * each request and its preprocessed source with the protocol module's reader, then behaves as
 * told. {@link Behaviour#COMPILE} runs the real gcc on what it received, as distccd would.
 */
public final class ScriptedVolunteer implements AutoCloseable {
    /** What the volunteer does with a job. */
    public enum Behaviour {
        /** Compiles with gcc and replies with its status, output and object. */
        COMPILE,
        /** Reads the request, then closes without a word. */
        CLOSE,
        /** Replies with distcc's "access denied" status, as a refusing distccd does. */
        DENY,
        /** Replies as distccd does when the compiler is not installed there: 110 and its error line. */
        NO_COMPILER,
        /** Reads the request, then answers bytes that are no protocol at all. */
        GARBAGE,
        /** Reads the request and never answers. */
        SILENT
    }

    private final ServerSocket server;
    private final Path work;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger jobs = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Behaviour behaviour;

    public ScriptedVolunteer(Behaviour behaviour, Path work) throws IOException {
        this.behaviour = behaviour;
        this.work = work;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public void behave(Behaviour next) {
        behaviour = next;
    }

    /** Every connection accepted, hellos included. */
    public int connections() {
        return connections.get();
    }

    /** The request heads received so far (jobs, not hellos). */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                accepted.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            var in = new BufferedInputStream(socket.getInputStream());
            var out = new BufferedOutputStream(socket.getOutputStream());
            var reader = new MessageReader(in, Limits.DEFAULT);
            Request request = reader.readRequest();
            if (request.version().isJdistcc()) {
                return; // distcc 3.4 closes on a DIST above 3 without a word
            }
            requests.add(request);
            Path dir = Files.createDirectories(work.resolve("job" + jobs.incrementAndGet()));
            Path source = dir.resolve("source.i");
            reader.readPayloadToFile(Token.DOTI, request.version().compression(), source);
            Behaviour now = behaviour;
            switch (now) {
                case COMPILE -> MessageWriter.writeReply(out, compile(request, source, dir));
                case DENY -> MessageWriter.writeReply(out, failure(request, 113, "denied"));
                case NO_COMPILER ->
                    MessageWriter.writeReply(
                            out,
                            failure(
                                    request,
                                    110,
                                    "failed to exec " + request.argv().getFirst() + ": No such file or directory"));
                case GARBAGE -> out.write("HTTP/1.0 400 no\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                case CLOSE -> {}
                case SILENT -> in.transferTo(OutputStreamSink.INSTANCE);
            }
            out.flush();
        } catch (IOException e) {
            // the client went away; the test sees what it saw
        }
    }

    private static Reply compile(Request request, Path source, Path dir) throws IOException {
        List<String> argv = new ArrayList<>(request.argv());
        argv.set(0, "gcc");
        Path object = dir.resolve("out.o");
        for (int i = 1; i < argv.size(); i++) {
            if (argv.get(i).equals("-o") && i + 1 < argv.size()) {
                argv.set(i + 1, object.toString());
            } else if (argv.get(i).endsWith(".i") || argv.get(i).endsWith(".c")) {
                argv.set(i, source.toString());
            }
        }
        Process p = new ProcessBuilder(argv)
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr").toFile())
                .redirectOutput(dir.resolve("stdout").toFile())
                .start();
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return new Reply(
                request.version(),
                Reply.waitStatusOfExit(status),
                new Payload.Bytes(Files.readAllBytes(dir.resolve("stderr"))),
                new Payload.Bytes(Files.readAllBytes(dir.resolve("stdout"))),
                status == 0 ? new Payload.InFile(object) : Payload.EMPTY,
                null,
                List.of());
    }

    /** A distcc status of the daemon's own (113 access denied, 110 compiler missing) with its error line. */
    private static Reply failure(Request request, int status, String message) {
        return new Reply(
                request.version(),
                Reply.waitStatusOfExit(status),
                new Payload.Bytes(("distccd[1] ERROR: " + message + "\n").getBytes(StandardCharsets.UTF_8)),
                Payload.EMPTY,
                Payload.EMPTY,
                null,
                List.of());
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
