package org.jdistcc.daemon.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.protocol.TlsAdmission;

/**
 * {@code --token-file FILE}: shared secrets a TLS client may show instead of an authorized key, for
 * CI fleets whose machines come and go (each line one token, so a new one can be added before the
 * old is removed; {@code #} comments). Compared in constant time ({@link MessageDigest#isEqual}),
 * against every token whatever matched, so timing tells nothing of a token's content or place.
 */
public final class TokenFile {
    /** A token a guess cannot reach: as many characters as the cache secret's floor. */
    static final int MIN_LENGTH = 16;

    private final List<byte[]> tokens;

    TokenFile(List<byte[]> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** @throws IOException naming the file and what is wrong with it */
    public static TokenFile read(Path file) throws IOException {
        if (Files.size(file) > 64 * 1024) {
            throw new IOException(file + ": larger than 64K");
        }
        List<byte[]> tokens = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            byte[] token = line.getBytes(StandardCharsets.UTF_8);
            if (line.length() < MIN_LENGTH || token.length > TlsAdmission.MAX_TOKEN) {
                throw new IOException(file + ":" + (i + 1) + ": a token must be " + MIN_LENGTH + " to "
                        + TlsAdmission.MAX_TOKEN + " characters");
            }
            tokens.add(token);
        }
        if (tokens.isEmpty()) {
            throw new IOException(file + ": no token in it");
        }
        return new TokenFile(tokens);
    }

    /** Whether {@code shown} (as the client sent it, surrounding blanks dropped) is one of the tokens. */
    public boolean accepts(byte[] shown) {
        byte[] candidate = new String(shown, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] token : tokens) {
            found |= MessageDigest.isEqual(token, candidate);
        }
        return found;
    }
}
