package org.jdistcc.client.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdistcc.protocol.CompilerFacts;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;

/**
 * Asks a volunteer whether it works, for {@code lsdistcc}. A distcc 3.4 daemon says nothing before
 * a request, so the probe is what Debian's lsdistcc sends: a real compile of a one-line C file
 * ({@code src/lsdistcc.c}). Protocol 1 first; if that works, protocols 2 (LZO), 3 (pump) and
 * jdistcc's LZ4 dialect, each on its own connection, tell which dialects the host speaks. distcc
 * 3.4 closes the connection on a DIST number above 3, so an answer to the LZ4 dialect means a
 * jdistcc daemon; its version then comes from its stats port, if that is open to us, and a hello
 * tells whether its compiler of the probe's name is this machine's.
 */
public final class VolunteerProbe {
    static final String PROGRAM = "int foo(){return 0;}\n";
    private static final Limits LIMITS = Limits.DEFAULT.withMaxBodySize(1 << 20);

    /** Whether the host compiled the probe, and if not how far it got. */
    public enum State {
        /** It compiled the probe. */
        UP,
        /** It accepted the connection but did not compile (compiler not allowed, access list, error). */
        NO_COMPILE,
        /** Unknown name, connection refused, or no answer in time. */
        DOWN
    }

    /**
     * What probing one host found.
     *
     * @param latencyMillis time to connect, or -1 when no connection was made
     * @param protocols the dialects that compiled the probe: "1", "2", "3", "jdistcc-lz4"
     * @param server "distcc" or "jdistcc" once a probe compiled, else ""
     * @param version the jdistcc daemon's version from its stats port, or ""
     * @param detail why a host is not UP, or the first line of its compiler's complaint
     * @param compilerCheck whether the volunteer's compiler of the probe's name is this machine's:
     *     {@code same}, {@code other}, {@code unlisted} (a jdistcc volunteer that did not list it; each
     *     job is checked there), {@code unverifiable} (distcc), {@code unknown-here}, or "" when not up
     */
    public record Result(
            String host,
            int port,
            State state,
            long latencyMillis,
            List<String> protocols,
            String server,
            String version,
            String detail,
            String compilerCheck) {}

    private final String compiler;
    private final long timeoutMillis;
    private final int statsPort;
    private final String localIdentity;

    /**
     * @param compiler the compiler name the probe asks for: it must be on the volunteer's allow list
     * @param timeoutMillis the whole probe of one host, all connections included
     * @param statsPort where a jdistcc daemon may serve its version ({@code --stats-port}); 0: do not ask
     */
    public VolunteerProbe(String compiler, long timeoutMillis, int statsPort) {
        this(compiler, timeoutMillis, statsPort, null);
    }

    /** @param localIdentity this machine's identity digest for {@code compiler}, or null when unknown */
    public VolunteerProbe(String compiler, long timeoutMillis, int statsPort, String localIdentity) {
        this.compiler = compiler;
        this.timeoutMillis = timeoutMillis;
        this.statsPort = statsPort;
        this.localIdentity = localIdentity;
    }

    public Result probe(String host, int port) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return down(host, port, "unknown host");
        }
        Attempt first = attempt(address, port, ProtocolVersion.PLAIN, deadline);
        if (first.latencyMillis < 0) {
            return down(host, port, first.detail);
        }
        if (!first.compiled) {
            return new Result(host, port, State.NO_COMPILE, first.latencyMillis, List.of(), "", "", first.detail, "");
        }
        List<String> protocols = new ArrayList<>(List.of("1"));
        if (attempt(address, port, ProtocolVersion.LZO, deadline).compiled) {
            protocols.add("2");
        }
        if (attempt(address, port, ProtocolVersion.PUMP, deadline).compiled) {
            protocols.add("3");
        }
        String server = "distcc";
        String version = "";
        String check = "unverifiable";
        if (attempt(address, port, ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4), deadline).compiled) {
            protocols.add("jdistcc-lz4");
            server = "jdistcc";
            version = statsPort > 0 ? StatsPortVersion.ask(address, statsPort, deadline) : "";
            check = compilerCheck(hello(address, port, deadline));
        }
        return new Result(
                host,
                port,
                State.UP,
                first.latencyMillis,
                List.copyOf(protocols),
                server,
                version,
                first.detail,
                check);
    }

    /** What the volunteer said of the probe's compiler, against this machine's. */
    private String compilerCheck(Map<String, String> facts) {
        if (facts == null || !CompilerFacts.listed(facts)) {
            return "unverifiable";
        }
        if (localIdentity == null) {
            return "unknown-here";
        }
        String theirs = CompilerFacts.identityOf(facts, compiler);
        if (theirs == null) {
            return "unlisted";
        }
        return theirs.equals(localIdentity) ? "same" : "other";
    }

    /** A jdistcc hello's facts, or null without an answer. */
    private static Map<String, String> hello(InetAddress address, int port, long deadline) {
        int remaining = remainingMillis(deadline);
        if (remaining <= 0) {
            return null;
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), remaining);
            socket.setSoTimeout(Math.max(1, remainingMillis(deadline)));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            MessageWriter.writeRequest(out, new Request(ProtocolVersion.HELLO, List.of()));
            out.flush();
            return new MessageReader(new BufferedInputStream(socket.getInputStream()), LIMITS)
                    .readHello()
                    .facts();
        } catch (IOException e) {
            return null;
        }
    }

    private static Result down(String host, int port, String why) {
        return new Result(host, port, State.DOWN, -1, List.of(), "", "", why, "");
    }

    /** One connection and one compile. */
    private record Attempt(long latencyMillis, boolean compiled, String detail) {}

    private Attempt attempt(InetAddress address, int port, ProtocolVersion version, long deadline) {
        int remaining = remainingMillis(deadline);
        if (remaining <= 0) {
            return new Attempt(-1, false, "no answer within the timeout");
        }
        long start = System.nanoTime();
        try (var socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(address, port), remaining);
            } catch (SocketTimeoutException e) {
                return new Attempt(-1, false, "connect timed out");
            } catch (ConnectException e) {
                return new Attempt(-1, false, "connection refused");
            }
            long latency = (System.nanoTime() - start) / 1_000_000;
            socket.setTcpNoDelay(true);
            try {
                socket.setSoTimeout(Math.max(1, remainingMillis(deadline)));
                OutputStream out = new BufferedOutputStream(socket.getOutputStream());
                sendProbe(out, version);
                out.flush();
                return readReply(new BufferedInputStream(socket.getInputStream()), version, latency);
            } catch (SocketTimeoutException e) {
                return new Attempt(latency, false, "no reply within the timeout");
            } catch (IOException e) {
                return new Attempt(latency, false, "closed without compiling (" + e.getMessage() + ")");
            }
        } catch (IOException e) {
            return new Attempt(-1, false, String.valueOf(e.getMessage()));
        }
    }

    private void sendProbe(OutputStream out, ProtocolVersion version) throws IOException {
        byte[] program = PROGRAM.getBytes(StandardCharsets.US_ASCII);
        List<String> argv = List.of(compiler, "-c", "hello.c", "-o", "hello.o");
        if (version.isPump()) {
            // Protocol 3 ships the source itself, as lsdistcc does: one file at the client root.
            MessageWriter.writeRequest(out, new Request(version, "/", argv));
            MessageWriter.writeNumber(out, Token.NFIL, 1);
            MessageWriter.writeString(out, Token.NAME, "/hello.c");
            MessageWriter.writePayload(out, Token.FILE, Compression.LZO, new Payload.Bytes(program));
        } else {
            MessageWriter.writeRequest(out, new Request(version, argv));
            MessageWriter.writePayload(out, Token.DOTI, version.compression(), new Payload.Bytes(program));
        }
    }

    private static Attempt readReply(InputStream in, ProtocolVersion version, long latency) throws IOException {
        var reader = new MessageReader(in, LIMITS);
        int done;
        try {
            done = reader.readNumber(Token.DONE);
        } catch (ProtocolException e) {
            // distcc closes silently on a refused compiler, a denied client or an unknown dialect.
            return new Attempt(latency, false, "closed without compiling: compiler or client not allowed?");
        }
        if (done != version.wire()) {
            return new Attempt(latency, false, "answered protocol " + Integer.toHexString(done));
        }
        Compression c = version.compression();
        int status = reader.readNumber(Token.STAT);
        byte[] stderr = reader.readPayload(Token.SERR, c);
        reader.readPayload(Token.SOUT, c);
        if (status != 0) {
            return new Attempt(latency, false, "probe compile failed, status " + (status >> 8) + firstLine(stderr));
        }
        byte[] object = reader.readPayload(Token.DOTO, c);
        if (object.length == 0) {
            return new Attempt(latency, false, "empty object");
        }
        return new Attempt(latency, true, "");
    }

    private static String firstLine(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8).strip();
        int nl = s.indexOf('\n');
        return s.isEmpty() ? "" : ": " + (nl < 0 ? s : s.substring(0, nl));
    }

    static int remainingMillis(long deadline) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }
}
