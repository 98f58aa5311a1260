package org.jdistcc.client.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.common.tls.TlsContext;
import org.jdistcc.protocol.TlsAdmission;

/**
 * A TLS 1.3 connection to a volunteer marked {@code ,tls}: the volunteer must show the key pinned for
 * it ({@link PinnedKeys}; checked in the handshake, and again after it, as a resumed session skips the
 * handshake's check), this client shows its own, then sends its token and waits to be admitted
 * ({@link TlsAdmission}). Nothing of a job is sent before that: a wrong volunteer, or one that refuses
 * this client, has seen only this client's public key.
 */
final class TlsLink implements Link {
    private final Socket raw;
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private TlsLink(Socket raw, SSLSocket socket, InputStream in, OutputStream out) {
        this.raw = raw;
        this.socket = socket;
        this.in = in;
        this.out = out;
    }

    static TlsLink open(HostSpec.Tcp host, Timeouts timeouts, ClientTls tls) throws RemoteFailure {
        String where = PinnedKeys.address(host.host(), host.port());
        if (tls == null) {
            throw new RemoteFailure(RemoteFailure.Kind.TLS_FAILED, where + ": this client has no TLS set up");
        }
        TlsContext context;
        byte[] token;
        try {
            context = tls.context();
            token = tls.token();
        } catch (IOException e) {
            throw new RemoteFailure(RemoteFailure.Kind.TLS_FAILED, where + ": " + e.getMessage(), e);
        }
        Socket raw = TcpLink.connect(host.host(), host.port(), timeouts);
        try {
            var socket = (SSLSocket)
                    context.sslContext().getSocketFactory().createSocket(raw, host.host(), host.port(), true);
            socket.setUseClientMode(true);
            socket.setSSLParameters(context.parameters(false));
            handshake(socket, host, tls);
            var in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            var out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            TlsAdmission.writeToken(out, token);
            out.flush();
            String refusal = TlsAdmission.readAnswer(in);
            if (refusal != null) {
                socket.close();
                throw new RemoteFailure(
                        RemoteFailure.Kind.CLIENT_REFUSED,
                        where + " says: " + refusal + " ('distcc --show-key' prints this client's key)");
            }
            return new TlsLink(raw, socket, in, out);
        } catch (SocketTimeoutException e) {
            TcpLink.closeQuietly(raw);
            throw new RemoteFailure(RemoteFailure.Kind.TIMEOUT, where + ": no TLS admission within the I/O timeout", e);
        } catch (IOException e) {
            TcpLink.closeQuietly(raw);
            throw new RemoteFailure(
                    RemoteFailure.Kind.TLS_FAILED,
                    where + ": " + e.getMessage() + " (a volunteer serves TLS when started with --host-key)",
                    e);
        }
    }

    /** The handshake, and the volunteer's key checked once more, as a resumed session has no check of its own. */
    private static void handshake(SSLSocket socket, HostSpec.Tcp host, ClientTls tls)
            throws IOException, RemoteFailure {
        PublicKey key;
        try {
            socket.startHandshake();
            key = TlsContext.peerKey(socket.getSession());
        } catch (SSLException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof CertificateException refused) {
                    socket.close();
                    throw new RemoteFailure(RemoteFailure.Kind.UNTRUSTED_VOLUNTEER, refused.getMessage(), e);
                }
            }
            throw e;
        }
        String refusal = tls.pins().refusal(key, host.host(), host.port());
        if (refusal != null) {
            socket.close();
            throw new RemoteFailure(RemoteFailure.Kind.UNTRUSTED_VOLUNTEER, refusal);
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

    /**
     * Closes the TCP socket first: a close from another thread ({@link JobSender#cancel()}) must not
     * wait for the TLS layer's locks, which a thread blocked reading the reply holds. No close_notify
     * then: the volunteer takes the end of the connection for what it is either way.
     */
    @Override
    public void close() throws IOException {
        try {
            raw.close();
        } finally {
            socket.close();
        }
    }
}
