package org.jdistcc.daemon.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.common.tls.KeyLine;

/**
 * {@code --authorized-keys FILE}: the client keys a TLS volunteer admits, one {@code ed25519 BASE64
 * [comment]} line each (what {@code distcc --show-key} prints), {@code #} comments and blank lines
 * ignored, as ssh's {@code authorized_keys}. Read once at start; a line that is not a key stops the
 * daemon rather than admitting fewer clients than the file says.
 */
public final class AuthorizedKeys {
    /** Bound on the file read: ten thousand keys fit in 1 MB. */
    private static final long MAX_SIZE = 1 << 20;

    private final List<KeyLine> keys;

    AuthorizedKeys(List<KeyLine> keys) {
        this.keys = List.copyOf(keys);
    }

    /** @throws IOException naming the file, and the line that is not a key */
    public static AuthorizedKeys read(Path file) throws IOException {
        if (Files.size(file) > MAX_SIZE) {
            throw new IOException(file + ": larger than " + MAX_SIZE + " bytes");
        }
        List<KeyLine> keys = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(KeyLine.parse(line));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new AuthorizedKeys(keys);
    }

    /** The line of {@code key}, or null when it is not authorized. */
    public KeyLine find(PublicKey key) {
        for (KeyLine line : keys) {
            if (line.matches(key)) {
                return line;
            }
        }
        return null;
    }

    public int size() {
        return keys.size();
    }
}
