package org.jdistcc.client.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdistcc.common.tls.KeyLine;
import org.jdistcc.common.tls.PeerKeyCheck;

/**
 * {@code $DISTCC_DIR/known_volunteers}: the key each TLS volunteer must show, one {@code HOST[:PORT]
 * ed25519 BASE64 [comment]} line each, {@code #} comments; a line without a port is for distcc's port,
 * 3632 (as ssh's {@code known_hosts} lines are for port 22). HOST is written as in the host list
 * ({@code [::1]:3632} for IPv6). Read at each handshake, so an edit counts at once, in the client agent
 * too. The first line for a host is the one that counts.
 *
 * <p>With {@code JDISTCC_TLS_TOFU=1}, a host without a line is trusted with what it shows, and that
 * is appended (one short write with {@code O_APPEND}: concurrent clients cannot interleave it).
 */
final class PinnedKeys implements PeerKeyCheck {
    static final int DEFAULT_PORT = 3632;
    /** Bound on the file read: thousands of volunteers fit. */
    private static final long MAX_SIZE = 1 << 20;

    private final Path file;
    private final boolean trustOnFirstUse;

    PinnedKeys(Path file, boolean trustOnFirstUse) {
        this.file = file;
        this.trustOnFirstUse = trustOnFirstUse;
    }

    @Override
    public String refusal(PublicKey key, String host, int port) {
        String where = address(host, port);
        KeyLine shown;
        try {
            shown = KeyLine.of(key, "");
        } catch (IllegalArgumentException e) {
            return where + " showed a " + key.getAlgorithm() + " key: not a jdistcc volunteer's (ed25519)";
        }
        KeyLine pinned;
        try {
            pinned = find(host, port);
        } catch (IOException | IllegalArgumentException e) {
            return "cannot read " + file + ": " + e.getMessage();
        }
        if (pinned != null) {
            return pinned.matches(key)
                    ? null
                    : where + " showed key " + shown.keyText() + ", not the one pinned in " + file + " ("
                            + pinned.keyText() + "): another machine, or its key was changed; if that is"
                            + " expected, replace its line";
        }
        if (!trustOnFirstUse) {
            return where + " has no key pinned in " + file + " (it showed " + shown.keyText() + "): add '" + where
                    + " KEY', KEY being what 'distccd --host-key FILE --show-key' prints on it, or set"
                    + " JDISTCC_TLS_TOFU=1 to pin what it shows first";
        }
        try {
            pin(where, shown);
        } catch (IOException e) {
            return "cannot pin " + where + "'s key in " + file + ": " + e.getMessage();
        }
        return null;
    }

    /** The key pinned for {@code host} and {@code port}, or null. */
    KeyLine find(String host, int port) throws IOException {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new IOException("larger than " + MAX_SIZE + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] words = text.split("\\s+", 2);
            if (words.length == 2 && matches(words[0], host, port)) {
                return KeyLine.parse(words[1]);
            }
        }
        return null;
    }

    private static boolean matches(String pattern, String host, int port) {
        return pattern.equals(address(host, port)) || (port == DEFAULT_PORT && pattern.equals(hostWord(host)));
    }

    /** {@code HOST:PORT}, with an IPv6 address in brackets, as the host list writes it. */
    static String address(String host, int port) {
        return hostWord(host) + ":" + port;
    }

    private static String hostWord(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private void pin(String where, KeyLine shown) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String line = where + " " + shown.keyText() + " pinned-on-first-use-" + LocalDate.now(ZoneOffset.UTC) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
