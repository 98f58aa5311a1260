package org.jdistcc.client.lsdistcc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;

/**
 * distcc 3.4's check of one volunteer ({@code src/lsdistcc.c}): up if it accepts a connection
 * within the connect timeout; given a compiler, it must also compile a one-line C file with the
 * chosen protocol within the compile timeout: answer {@code DONE} with that protocol, {@code STAT}
 * 0, then close.
 *
 * <p>This opens sockets outside {@code remote}: it is lsdistcc's own legacy probe, kept beside
 * the command until {@code remote.VolunteerProbe} can do a single-protocol, connect-only check.
 */
final class HostCheck {
    /** 3.4 sends this, without a newline. */
    private static final byte[] PROGRAM = "int foo(){return 0;}".getBytes(StandardCharsets.US_ASCII);

    private static final int HEADER = 12;

    /** @param latencyMillis from the start of the connect to the end of the check */
    record Result(boolean up, long latencyMillis) {}

    private final int port;
    private final int connectTimeoutMillis;
    private final int compileTimeoutMillis;
    private final ProtocolVersion protocol;
    private final String compiler;
    private final Consumer<String> verbose;

    HostCheck(Options options, Consumer<String> verbose) {
        this.port = options.port();
        this.connectTimeoutMillis = options.connectTimeoutMillis();
        this.compileTimeoutMillis = options.compileTimeoutMillis();
        this.protocol = ProtocolVersion.fromWire(options.protocol());
        this.compiler = options.compiler();
        this.verbose = verbose;
    }

    Result check(String name, InetAddress address) {
        return check(name, address, port);
    }

    /** The check at {@code port}: a discovered volunteer's, from its record. */
    Result check(String name, InetAddress address, int port) {
        if (connectTimeoutMillis == 0) {
            return new Result(true, 0); // -c0: every name found is up
        }
        long start = System.nanoTime();
        try (var socket = new Socket()) {
            verbose.accept("connecting to " + name + " (" + address.getHostAddress() + ":" + port + ")");
            try {
                socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
            } catch (IOException e) {
                verbose.accept("connecting to " + name + " failed: " + e.getMessage());
                return new Result(false, since(start));
            }
            if (compiler == null || compileTimeoutMillis == 0) {
                return new Result(true, since(start));
            }
            verbose.accept(name + ": sending compile request");
            long deadline = System.nanoTime() + compileTimeoutMillis * 1_000_000L;
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            send(out);
            out.flush();
            InputStream in = socket.getInputStream();
            boolean compiled = expectHeader(socket, in, "DONE", protocol.wire(), deadline, name)
                    && expectHeader(socket, in, "STAT", 0, deadline, name)
                    && drain(socket, in, deadline);
            if (!compiled) {
                verbose.accept(name + ": no complete answer to the test compile");
            }
            return new Result(compiled, since(start));
        } catch (SocketTimeoutException e) {
            verbose.accept(name + " timed out while compiling");
            return new Result(false, since(start));
        } catch (IOException e) {
            verbose.accept(name + ": " + e.getMessage());
            return new Result(false, since(start));
        }
    }

    private void send(OutputStream out) throws IOException {
        List<String> argv = List.of(compiler, "-c", "hello.c", "-o", "hello.o");
        if (protocol.isPump()) {
            // Protocol 3 ships the source itself: one file at the client's root directory.
            MessageWriter.writeRequest(out, new Request(protocol, "/", argv));
            MessageWriter.writeNumber(out, Token.NFIL, 1);
            MessageWriter.writeString(out, Token.NAME, "/hello.c");
            MessageWriter.writePayload(out, Token.FILE, Compression.LZO, new Payload.Bytes(PROGRAM));
        } else {
            MessageWriter.writeRequest(out, new Request(protocol, argv));
            MessageWriter.writePayload(out, Token.DOTI, protocol.compression(), new Payload.Bytes(PROGRAM));
        }
    }

    /** Reads a 12-byte header: 4 letters and 8 hex digits, which must say {@code token value}. */
    private boolean expectHeader(Socket socket, InputStream in, String token, int value, long deadline, String name)
            throws IOException {
        byte[] header = new byte[HEADER];
        int read = 0;
        while (read < HEADER) {
            socket.setSoTimeout(remainingMillis(deadline));
            int n = in.read(header, read, HEADER - read);
            if (n < 0) {
                verbose.accept("premature EOF while waiting for the result from " + name);
                return false;
            }
            read += n;
        }
        String text = new String(header, StandardCharsets.US_ASCII);
        if (!text.startsWith(token)) {
            verbose.accept(name + " wrong protocol: expected " + token + ", got " + text.substring(0, 4));
            return false;
        }
        try {
            long got = Long.parseLong(text.substring(4), 16);
            if (got != value) {
                verbose.accept(name + ": " + token + " " + got + ", expected " + value);
                return false;
            }
        } catch (NumberFormatException e) {
            verbose.accept(name + " sent a malformed " + token);
            return false;
        }
        return true;
    }

    /** The rest of the reply, whatever it is, until the volunteer closes. */
    private static boolean drain(Socket socket, InputStream in, long deadline) throws IOException {
        byte[] buffer = new byte[8192];
        while (true) {
            socket.setSoTimeout(remainingMillis(deadline));
            if (in.read(buffer) < 0) {
                return true;
            }
        }
    }

    private static int remainingMillis(long deadline) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            return 1; // setSoTimeout(0) would mean forever
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static long since(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
