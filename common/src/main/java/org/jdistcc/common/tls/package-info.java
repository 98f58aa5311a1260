/**
 * What both ends need for jdistcc's TLS transport, keyed the way SSH users know: an Ed25519 key pair
 * in one file, created on first use with mode 600 ({@link org.jdistcc.common.tls.KeyPairFile}); a
 * public key as one line, {@code ed25519 BASE64 [comment]} ({@link org.jdistcc.common.tls.KeyLine});
 * the self-signed certificate the JDK's TLS needs around a key, which only carries it ({@link
 * org.jdistcc.common.tls.SelfSignedCertificate}, DER written by {@link org.jdistcc.common.tls.Der});
 * and a TLS 1.3 context whose trust is a check of the peer's key, not of a certificate chain
 * ({@link org.jdistcc.common.tls.TlsContext}, {@link org.jdistcc.common.tls.PeerKeyCheck}).
 *
 * <p>Uses only the JDK; no other package of {@code common}. No sockets: the ends open them.
 */
package org.jdistcc.common.tls;
