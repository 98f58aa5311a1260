package org.jdistcc.client.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.client.config.Settings;
import org.jdistcc.common.tls.TlsContext;

/**
 * What a connection to a {@code ,tls} volunteer needs from this client's settings: its key and the
 * pinned keys (both in {@code DISTCC_DIR}), whether to trust on first use, and the token to show.
 */
public final class ClientTls {
    /** Longest token file read. */
    private static final long MAX_TOKEN_FILE = 64 * 1024;

    private final TlsContexts contexts;
    private final Settings settings;

    private ClientTls(TlsContexts contexts, Settings settings) {
        this.contexts = contexts;
        this.settings = settings;
    }

    /** @param contexts the JVM's, kept between compiles */
    public static ClientTls of(Settings settings, TlsContexts contexts) {
        return new ClientTls(contexts, settings);
    }

    TlsContext context() throws IOException {
        var paths = settings.paths();
        return contexts.get(paths.distccDir(), paths.clientKey(), paths.knownVolunteerKeys(), settings.tlsTofu());
    }

    /** The volunteers' pinned keys. */
    PinnedKeys pins() {
        return new PinnedKeys(settings.paths().knownVolunteerKeys(), settings.tlsTofu());
    }

    /** The {@code JDISTCC_TOKEN_FILE} token: its first line that is not blank or a comment; empty for none. */
    byte[] token() throws IOException {
        Path file = settings.tokenFile();
        if (file == null) {
            return new byte[0];
        }
        if (Files.size(file) > MAX_TOKEN_FILE) {
            throw new IOException("JDISTCC_TOKEN_FILE " + file + " is larger than " + MAX_TOKEN_FILE + " bytes");
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
        }
        throw new IOException("JDISTCC_TOKEN_FILE " + file + " has no token in it");
    }
}
