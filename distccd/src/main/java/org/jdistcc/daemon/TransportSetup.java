package org.jdistcc.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import org.jdistcc.common.ExitCode;
import org.jdistcc.common.tls.KeyLine;
import org.jdistcc.common.tls.KeyPairFile;
import org.jdistcc.common.tls.PeerKeyCheck;
import org.jdistcc.common.tls.TlsContext;
import org.jdistcc.daemon.net.AuthorizedKeys;
import org.jdistcc.daemon.net.TlsGate;
import org.jdistcc.daemon.net.TokenFile;
import org.slf4j.Logger;

/** {@link TransportOptions} made real: the host key, the TLS gate, {@code --show-key}. */
final class TransportSetup {
    /** For a client's first byte, the TLS handshake and its admission together. */
    static final Duration ADMISSION_DEADLINE = Duration.ofSeconds(10);
    /**
     * The JDK's bound on one handshake message (default 32K): far above our certificates' ~300 bytes
     * and a ClientHello's few hundred, low enough that a peer cannot make the daemon buffer much.
     */
    private static final String MAX_HANDSHAKE_MESSAGE = "16384";

    private TransportSetup() {}

    /** {@code --show-key}: the volunteer's key line on stdout, the key made first if there is none. */
    static int showKey(TransportOptions options) {
        try {
            KeyPair pair = KeyPairFile.loadOrCreate(options.hostKey);
            System.out.println(KeyLine.of(pair.getPublic(), "distccd@" + hostName()));
            return 0;
        } catch (IOException e) {
            System.err.print(org.jdistcc.common.ErrorLine.withoutPid("distccd", "--show-key: " + Wiring.problem(e)));
            return ExitCode.IO_ERROR.code();
        }
    }

    /**
     * The TLS gate {@code --host-key} asks for, or null for plaintext only.
     *
     * @throws CheckedOptions.Invalid when a key, key list or token file cannot be used
     */
    static TlsGate gate(TransportOptions options, Logger log) throws CheckedOptions.Invalid {
        if (options.hostKey == null) {
            return null;
        }
        // Read once, when the JDK's TLS configuration is first loaded: before the context is made.
        if (System.getProperty("jdk.tls.maxHandshakeMessageSize") == null) {
            System.setProperty("jdk.tls.maxHandshakeMessageSize", MAX_HANDSHAKE_MESSAGE);
        }
        if (System.getProperty("jdk.tls.server.maxInboundCertificateChainLength") == null) {
            System.setProperty("jdk.tls.server.maxInboundCertificateChainLength", "1"); // a client shows one
        }
        TlsContext tls;
        AuthorizedKeys keys = null;
        TokenFile tokens = null;
        try {
            KeyPair pair = KeyPairFile.loadOrCreate(options.hostKey);
            // Client keys are judged after the handshake, so a refused client is told why.
            tls = TlsContext.create(pair, "distccd", PeerKeyCheck.ANY);
            if (options.authorizedKeys != null) {
                keys = AuthorizedKeys.read(options.authorizedKeys);
            }
            if (options.tokenFile != null) {
                tokens = TokenFile.read(options.tokenFile);
            }
        } catch (IOException e) {
            throw new CheckedOptions.Invalid(ExitCode.IO_ERROR, "TLS: " + Wiring.problem(e));
        } catch (GeneralSecurityException e) {
            throw new CheckedOptions.Invalid(ExitCode.GENERAL, "cannot set up TLS: " + e.getMessage());
        }
        log.info(
                "TLS 1.3 with host key {} ({}); clients admitted by {}{}",
                tls.ownKey().keyText(),
                options.hostKey,
                keys == null && tokens == null
                        ? "--allow alone"
                        : (keys == null ? "" : keys.size() + " authorized keys")
                                + (keys != null && tokens != null ? " or " : "")
                                + (tokens == null ? "" : "token"),
                options.tlsOnly ? "; plaintext refused (--tls-only)" : "; plaintext served too");
        if (!options.tlsOnly && (keys != null || tokens != null)) {
            log.warn("without --tls-only, plaintext clients on the --allow list are served with no key or token");
        }
        return new TlsGate(tls, keys, tokens, options.tlsOnly, ADMISSION_DEADLINE);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
