package org.jdistcc.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Real TLS 1.3 handshakes on loopback between two contexts that know each other by key only. */
class TlsContextTest {
    private final KeyPair server = pair();
    private final KeyPair client = pair();

    private static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs one handshake; returns the key the server saw, or throws what the client saw. */
    private PublicKey handshake(PeerKeyCheck clientTrusts) throws Exception {
        TlsContext serverTls = TlsContext.create(server, "distccd", PeerKeyCheck.ANY);
        TlsContext clientTls = TlsContext.create(client, "distcc", clientTrusts);
        try (var listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<PublicKey> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = listening.accept()) {
                    accepted.setSoTimeout(10_000);
                    var ssl = (SSLSocket) serverTls.sslContext().getSocketFactory().createSocket(accepted, null, true);
                    ssl.setUseClientMode(false);
                    ssl.setSSLParameters(serverTls.parameters(true));
                    ssl.startHandshake();
                    PublicKey key = TlsContext.peerKey(ssl.getSession());
                    ssl.getOutputStream().write('!');
                    ssl.getOutputStream().flush();
                    return key;
                } catch (IOException e) {
                    return null;
                }
            });
            try (var raw = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                raw.setSoTimeout(10_000);
                var ssl = (SSLSocket) clientTls.sslContext()
                        .getSocketFactory()
                        .createSocket(raw, "volunteer", listening.getLocalPort(), true);
                ssl.setSSLParameters(clientTls.parameters(false));
                ssl.startHandshake();
                assertEquals("TLSv1.3", ssl.getSession().getProtocol());
                assertEquals('!', ssl.getInputStream().read());
                assertTrue(KeyLine.of(server.getPublic(), "").matches(TlsContext.peerKey(ssl.getSession())));
            }
            return seen.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bothEndsSeeEachOthersKey() throws Exception {
        KeyLine pinned = KeyLine.of(server.getPublic(), "");
        PublicKey seen = handshake((key, host, port) -> pinned.matches(key) ? null : "not pinned");
        assertTrue(KeyLine.of(client.getPublic(), "").matches(seen));
    }

    @Test
    void theCheckGetsTheHostAsTheClientNamedIt() throws Exception {
        var named = new StringBuilder();
        handshake((key, host, port) -> {
            named.append(host);
            return null;
        });
        assertEquals("volunteer", named.toString());
    }

    @Test
    void aKeyTheCheckRefusesEndsTheHandshakeWithItsReason() {
        var e = assertThrows(
                SSLHandshakeException.class, () -> handshake((key, host, port) -> "not the pinned key of " + host));
        assertTrue(e.getMessage().contains("not the pinned key of volunteer"), e.getMessage());
    }
}
