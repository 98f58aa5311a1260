package org.jdistcc.common.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS 1.3 context (the JDK's) for one end: it shows its own key in a {@link SelfSignedCertificate}
 * and trusts the other end by its key only ({@link PeerKeyCheck}): no certificate authority, no names,
 * no dates. The pinned key is what SSH's {@code known_hosts} is to a host name.
 */
public final class TlsContext {
    public static final String PROTOCOL = "TLSv1.3";
    static final String ALIAS = "key";

    private final SSLContext context;
    private final KeyLine ownKey;

    private TlsContext(SSLContext context, KeyLine ownKey) {
        this.context = context;
        this.ownKey = ownKey;
    }

    /**
     * @param peers judges the other end's key during each handshake
     */
    public static TlsContext create(KeyPair pair, String commonName, PeerKeyCheck peers)
            throws GeneralSecurityException {
        X509Certificate certificate = SelfSignedCertificate.of(pair, commonName);
        var context = SSLContext.getInstance(PROTOCOL);
        context.init(
                new KeyManager[] {new OneKey(certificate, pair.getPrivate())},
                new TrustManager[] {new KeyTrust(peers)},
                null);
        return new TlsContext(context, KeyLine.of(pair.getPublic(), ""));
    }

    /** This end's public key. */
    public KeyLine ownKey() {
        return ownKey;
    }

    /** TLS 1.3 only, and for a server, a client key always asked for. */
    public SSLParameters parameters(boolean server) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(new String[] {PROTOCOL});
        if (server) {
            parameters.setNeedClientAuth(true);
        }
        return parameters;
    }

    public SSLContext sslContext() {
        return context;
    }

    /** The key the peer of a finished handshake showed (also when its session was resumed). */
    public static java.security.PublicKey peerKey(SSLSession session) throws javax.net.ssl.SSLPeerUnverifiedException {
        return session.getPeerCertificates()[0].getPublicKey();
    }

    /** The one key this end shows, whatever the peer asks for, if it takes Ed25519 at all. */
    static final class OneKey extends X509ExtendedKeyManager {
        private final X509Certificate certificate;
        private final PrivateKey key;

        OneKey(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
        }

        private static boolean fits(String keyType) {
            return keyType != null && (keyType.equalsIgnoreCase("EdDSA") || keyType.equalsIgnoreCase("Ed25519"));
        }

        private static String aliasFor(String... keyTypes) {
            if (keyTypes != null) {
                for (String type : keyTypes) {
                    if (fits(type)) {
                        return ALIAS;
                    }
                }
            }
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return fits(keyType) ? new String[] {ALIAS} : null;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return aliasFor(keyTypes);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyTypes);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? new X509Certificate[] {certificate} : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }

    /** Trust by key: one self-signed certificate, whose key {@link PeerKeyCheck} accepts. */
    static final class KeyTrust extends X509ExtendedTrustManager {
        private final PeerKeyCheck peers;

        KeyTrust(PeerKeyCheck peers) {
            this.peers = peers;
        }

        private void check(X509Certificate[] chain, SSLSession session) throws CertificateException {
            if (chain == null || chain.length != 1) {
                throw new CertificateException(
                        "expected one self-signed certificate, got " + (chain == null ? 0 : chain.length));
            }
            String host = session == null ? null : session.getPeerHost();
            int port = session == null ? -1 : session.getPeerPort();
            String refusal = peers.refusal(chain[0].getPublicKey(), host, port);
            if (refusal != null) {
                throw new CertificateException(refusal);
            }
        }

        private static SSLSession sessionOf(Socket socket) {
            return socket instanceof SSLSocket s ? s.getHandshakeSession() : null;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, sessionOf(socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, sessionOf(socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, engine == null ? null : engine.getHandshakeSession());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, engine == null ? null : engine.getHandshakeSession());
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
