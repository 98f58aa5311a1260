package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.common.toolchain.IdentityCache;

/**
 * This machine's compilers' identities, kept in memory for the client agent's life and in {@code
 * $DISTCC_DIR/identities/} for JVMs that live for one compile, so a compiler is read and asked once
 * until its files change.
 */
public final class LocalCompilers {
    private static final Map<Path, IdentityCache> CACHES = new ConcurrentHashMap<>();

    private LocalCompilers() {}

    /**
     * @param compiler the compiler as the compile runs it here
     * @param environment the compile's environment ({@code PATH} finds {@code as})
     * @throws IOException if it cannot be worked out
     */
    public static CompilerIdentity identify(Path identitiesDir, Path compiler, Map<String, String> environment)
            throws IOException {
        return CACHES.computeIfAbsent(identitiesDir, dir -> new IdentityCache(dir))
                .of(compiler, environment);
    }
}
