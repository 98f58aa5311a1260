package org.jdistcc.client.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.common.tls.KeyPairFile;
import org.jdistcc.common.tls.TlsContext;

/**
 * The client's TLS contexts, one per {@code DISTCC_DIR} and trust-on-first-use setting, made on the
 * first connection to a {@code ,tls} host and kept for the JVM's life: in the client agent, its
 * compiles share one, so the key is read once and TLS sessions are resumed (no signature to make or
 * check again) rather than begun anew for each job.
 */
public final class TlsContexts {
    private record Key(Path distccDir, boolean trustOnFirstUse) {}

    private final ConcurrentHashMap<Key, TlsContext> contexts = new ConcurrentHashMap<>();

    /** @throws IOException when the client's key cannot be read or made */
    TlsContext get(Path distccDir, Path keyFile, Path pinFile, boolean trustOnFirstUse) throws IOException {
        var key = new Key(distccDir, trustOnFirstUse);
        TlsContext context = contexts.get(key);
        if (context != null) {
            return context;
        }
        try {
            context = TlsContext.create(
                    KeyPairFile.loadOrCreate(keyFile), "distcc", new PinnedKeys(pinFile, trustOnFirstUse));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        TlsContext raced = contexts.putIfAbsent(key, context);
        return raced != null ? raced : context;
    }
}
