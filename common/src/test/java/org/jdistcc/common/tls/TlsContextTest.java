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
                    var ssl = (SSLSocket)
                            serverTls.sslContext().getSocketFactory().createSocket(accepted, null, true);
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
                var ssl = (SSLSocket) clientTls
                        .sslContext()
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

    @Test
    void theKeyIsOfferedOnlyForEdDsa() throws Exception {
        var certificate = SelfSignedCertificate.of(client, "distcc");
        var keys = new TlsContext.OneKey(certificate, client.getPrivate());
        assertEquals(TlsContext.ALIAS, keys.chooseClientAlias(new String[] {"RSA", "EdDSA"}, null, (Socket) null));
        assertEquals(TlsContext.ALIAS, keys.chooseServerAlias("EdDSA", null, null));
        assertEquals(TlsContext.ALIAS, keys.chooseEngineServerAlias("Ed25519", null, null));
        assertEquals(TlsContext.ALIAS, keys.chooseEngineClientAlias(new String[] {"EdDSA"}, null, null));
        assertEquals(null, keys.chooseServerAlias("EC", null, null));
        assertEquals(null, keys.chooseClientAlias(null, null, null));
        assertEquals(1, keys.getServerAliases("EdDSA", null).length);
        assertEquals(null, keys.getClientAliases("RSA", null));
        assertEquals(certificate, keys.getCertificateChain(TlsContext.ALIAS)[0]);
        assertEquals(null, keys.getCertificateChain("other"));
        assertEquals(client.getPrivate(), keys.getPrivateKey(TlsContext.ALIAS));
        assertEquals(null, keys.getPrivateKey("other"));
    }

    @Test
    void trustIsOneCertificateWhoseKeyTheCheckAccepts() throws Exception {
        var pinned = KeyLine.of(server.getPublic(), "");
        var trust = new TlsContext.KeyTrust((key, host, port) -> pinned.matches(key) ? null : "not pinned");
        var good = new java.security.cert.X509Certificate[] {SelfSignedCertificate.of(server, "distccd")};
        var other = new java.security.cert.X509Certificate[] {SelfSignedCertificate.of(client, "distcc")};
        trust.checkServerTrusted(good, "UNKNOWN");
        trust.checkClientTrusted(good, "UNKNOWN");
        trust.checkServerTrusted(good, "UNKNOWN", (javax.net.ssl.SSLEngine) null);
        trust.checkClientTrusted(good, "UNKNOWN", (javax.net.ssl.SSLEngine) null);
        trust.checkClientTrusted(good, "UNKNOWN", (Socket) null);
        assertThrows(
                java.security.cert.CertificateException.class,
                () -> trust.checkServerTrusted(other, "UNKNOWN", (Socket) null));
        var chain = assertThrows(
                java.security.cert.CertificateException.class,
                () -> trust.checkServerTrusted(
                        new java.security.cert.X509Certificate[] {good[0], other[0]}, "UNKNOWN"));
        assertTrue(chain.getMessage().contains("expected one self-signed certificate, got 2"));
        assertEquals(0, trust.getAcceptedIssuers().length);
    }

    @Test
    void theCertificateCarriesTheKeyAndIsSelfSigned() throws Exception {
        var certificate = SelfSignedCertificate.of(server, "distccd");
        assertEquals(server.getPublic(), certificate.getPublicKey());
        certificate.verify(server.getPublic());
        assertEquals("CN=distccd", certificate.getSubjectX500Principal().getName());
        assertEquals(3, certificate.getVersion());
        assertEquals(
                java.util.Arrays.toString(certificate.getEncoded()),
                java.util.Arrays.toString(
                        SelfSignedCertificate.of(server, "distccd").getEncoded()),
                "Ed25519 signs deterministically: one key, one certificate");
    }
}
