package org.jdistcc.daemon;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The TLS options of {@code distccd}, mixed into {@link DaemonOptions}: jdistcc's own, absent from
 * distcc 3.4. See docs/security.md.
 */
final class TransportOptions {
    @Option(
            names = "--host-key",
            paramLabel = "FILE",
            description = "this volunteer's ed25519 key (created on first start, mode 600): serve TLS 1.3 to"
                    + " jdistcc clients that pin it (hosts marked ,tls), beside plaintext on the same port")
    Path hostKey;

    @Option(
            names = "--show-key",
            description = "print the --host-key's public key line (for clients' known_volunteers) and exit")
    boolean showKey;

    @Option(
            names = "--authorized-keys",
            paramLabel = "FILE",
            description = "admit only TLS clients whose key is a line of FILE (what distcc --show-key prints;"
                    + " # comments), or that show a --token-file token; --allow still applies")
    Path authorizedKeys;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "admit TLS clients that send one of FILE's tokens (one per line, 16 characters or"
                    + " more; the client's JDISTCC_TOKEN_FILE), compared in constant time")
    Path tokenFile;

    @Option(
            names = "--tls-only",
            description = "refuse plaintext clients (distcc 3.4's, and jdistcc's not marked ,tls) before"
                    + " reading a byte of their request")
    boolean tlsOnly;

    /** What is wrong with these options taken together, or null. */
    String problem() {
        if (hostKey == null) {
            for (String[] needing : new String[][] {
                {"--show-key", showKey ? "" : null},
                {"--authorized-keys", authorizedKeys == null ? null : ""},
                {"--token-file", tokenFile == null ? null : ""},
                {"--tls-only", tlsOnly ? "" : null}
            }) {
                if (needing[1] != null) {
                    return needing[0] + " needs --host-key FILE";
                }
            }
        }
        return null;
    }
}
