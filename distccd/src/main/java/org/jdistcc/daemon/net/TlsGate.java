package org.jdistcc.daemon.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.PublicKey;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.jdistcc.common.tls.KeyLine;
import org.jdistcc.common.tls.TlsContext;
import org.jdistcc.protocol.TlsAdmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compile port's two dialects on one port ({@code --host-key}): a connection's first byte says
 * which. A TLS record starts with 0x16 (handshake; RFC 8446 section 5.1), distcc's request with
 * {@code D} ({@code DIST}, {@code src/rpc.c}), so a distcc 3.4 client keeps working unless {@code
 * --tls-only} refuses it, and a jdistcc client marked {@code ,tls} gets TLS 1.3 with both ends shown
 * by key. A TLS client is admitted ({@link TlsAdmission}) when its key is in {@code --authorized-keys},
 * or its token in {@code --token-file}, or when neither is given; every refusal comes before a byte
 * of a request is read. The handshake and the admission are bounded in time (one deadline for the
 * whole, not per read) and in size (the JDK's {@code jdk.tls.maxHandshakeMessageSize}, which the
 * daemon lowers, and the token's {@link TlsAdmission#MAX_TOKEN}).
 */
public final class TlsGate {
    private static final Logger LOG = LoggerFactory.getLogger(TlsGate.class);
    /** The first byte of a TLS record carrying a handshake (a ClientHello). */
    static final int TLS_HANDSHAKE = 0x16;

    private final TlsContext tls;
    private final AuthorizedKeys authorizedKeys;
    private final TokenFile tokens;
    private final boolean tlsOnly;
    private final Duration deadline;

    /**
     * @param authorizedKeys the client keys admitted, or null
     * @param tokens the tokens admitted, or null; with neither, every TLS client is admitted
     * @param tlsOnly refuse plaintext clients
     * @param deadline for the first byte, the handshake and the admission together
     */
    public TlsGate(
            TlsContext tls, AuthorizedKeys authorizedKeys, TokenFile tokens, boolean tlsOnly, Duration deadline) {
        this.tls = tls;
        this.authorizedKeys = authorizedKeys;
        this.tokens = tokens;
        this.tlsOnly = tlsOnly;
        this.deadline = deadline;
    }

    /**
     * The client on {@code socket} as a connection, TLS or plaintext, or null when it was refused
     * (the socket is closed then, and why logged).
     */
    public ClientConnection open(Socket socket, long number, String overLimit) throws IOException {
        String who = socket.getInetAddress().getHostAddress();
        var expired = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(deadline);
                expired.set(true);
                SocketConnection.reset(socket);
            } catch (InterruptedException e) {
                // admitted or refused in time
            }
        });
        try {
            socket.setSoTimeout((int) deadline.toMillis());
            InputStream raw = socket.getInputStream();
            int first = raw.read();
            if (first < 0) {
                socket.close(); // a port probe: connected and closed
                return null;
            }
            if (first != TLS_HANDSHAKE) {
                if (tlsOnly) {
                    LOG.warn("connection {} from {} refused: plaintext, and this volunteer is --tls-only", number, who);
                    SocketConnection.reset(socket);
                    return null;
                }
                socket.setSoTimeout(0);
                var in = new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), raw);
                return new SocketConnection(socket, in, socket.getOutputStream(), socket, overLimit);
            }
            return handshake(socket, number, who, overLimit, (byte) first);
        } catch (IOException e) {
            if (!expired.get() && !(e instanceof SocketTimeoutException)) {
                throw e;
            }
            LOG.warn(
                    "connection {} from {} refused: no request or TLS admission within {} s",
                    number,
                    who,
                    deadline.toSeconds());
            SocketConnection.reset(socket);
            return null;
        } finally {
            watchdog.interrupt();
        }
    }

    private ClientConnection handshake(Socket socket, long number, String who, String overLimit, byte first)
            throws IOException {
        var ssl = (SSLSocket) tls.sslContext()
                .getSocketFactory()
                .createSocket(socket, new ByteArrayInputStream(new byte[] {first}), true);
        ssl.setUseClientMode(false);
        ssl.setSSLParameters(tls.parameters(true));
        PublicKey key;
        try {
            ssl.startHandshake();
            key = TlsContext.peerKey(ssl.getSession());
        } catch (SocketTimeoutException e) {
            throw e; // the deadline's, told by open
        } catch (IOException e) {
            // A client that refuses this volunteer's key ends the handshake with an alert and closes:
            // what reaches here is the alert, or the broken pipe of the flight it did not wait for.
            LOG.warn("connection {} from {} refused: TLS handshake failed: {}", number, who, e.toString());
            SocketConnection.reset(socket);
            return null;
        }
        var out = new java.io.BufferedOutputStream(ssl.getOutputStream(), 64 * 1024);
        byte[] token = TlsAdmission.readToken(ssl.getInputStream());
        String refusal = refusal(key, token);
        TlsAdmission.writeAnswer(out, refusal);
        out.flush();
        if (refusal != null) {
            LOG.warn("connection {} from {} refused: {}", number, who, refusal);
            ssl.close();
            return null;
        }
        LOG.debug("connection {} from {}: TLS, key {}", number, who, keyText(key));
        socket.setSoTimeout(0);
        return new SocketConnection(socket, ssl.getInputStream(), ssl.getOutputStream(), ssl, overLimit);
    }

    /** {@code ed25519 BASE64}, or what else the client showed. */
    private static String keyText(PublicKey key) {
        try {
            return KeyLine.of(key, "").keyText();
        } catch (IllegalArgumentException e) {
            return "(a " + key.getAlgorithm() + " key, not ed25519)";
        }
    }

    /** Why the client with {@code key} and {@code token} is not admitted, or null. */
    private String refusal(PublicKey key, byte[] token) {
        if (authorizedKeys == null && tokens == null) {
            return null;
        }
        if (authorizedKeys != null && authorizedKeys.find(key) != null) {
            return null;
        }
        if (tokens != null && tokens.accepts(token)) {
            return null;
        }
        String keyText = keyText(key);
        if (tokens == null) {
            return "client key " + keyText + " is not in this volunteer's --authorized-keys";
        }
        String tokenWords = token.length == 0 ? "no token" : "a wrong token";
        return authorizedKeys == null
                ? "client sent " + tokenWords + " (this volunteer has a --token-file)"
                : "client key " + keyText + " is not in --authorized-keys, and it sent " + tokenWords;
    }
}
