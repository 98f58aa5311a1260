package org.jdistcc.common.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * The X.509 certificate the JDK's TLS needs around an Ed25519 key (RFC 5280, RFC 8410): self-signed,
 * no extensions, valid from 2000 to 9999. It is a wrapper only: the peer trusts the key it carries
 * because that key is pinned or authorized, never because of the certificate (its names and dates
 * are not looked at). Ed25519 signatures are deterministic, so one key always gets the same
 * certificate.
 *
 * <p>Written with {@link Der} rather than a library: about a hundred lines, against Bouncy Castle's
 * 8 MB on the client agent's class path and start-up.
 */
public final class SelfSignedCertificate {
    /** id-Ed25519, RFC 8410 section 3. */
    static final String ED25519_OID = "1.3.101.112";

    private SelfSignedCertificate() {}

    public static X509Certificate of(KeyPair pair, String commonName) throws GeneralSecurityException {
        byte[] algorithm = Der.sequence(Der.oid(ED25519_OID)); // parameters absent (RFC 8410)
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName))));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)), // v3
                Der.integer(1),
                algorithm,
                name,
                Der.sequence(Der.generalizedTime("20000101000000Z"), Der.generalizedTime("99991231235959Z")),
                name,
                pair.getPublic().getEncoded()); // SubjectPublicKeyInfo as the JDK encodes it
        var signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate));
    }
}
