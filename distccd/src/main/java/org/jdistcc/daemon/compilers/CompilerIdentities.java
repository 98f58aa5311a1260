package org.jdistcc.daemon.compilers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.common.toolchain.IdentityCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each compiler this daemon runs is ({@link CompilerIdentity}), worked out as a compile would
 * run it (the compiler path as {@code PATH}) and kept while its files are unchanged: for the hello,
 * which lists every allowed name's identity, for a job that carries the client's identity to check,
 * and for the result cache's keys.
 */
public final class CompilerIdentities {
    private static final Logger LOG = LoggerFactory.getLogger(CompilerIdentities.class);

    private final CompilerWhitelist whitelist;
    private final CompilerLocator locator;
    private final Map<String, String> environment;
    private final IdentityCache cache = new IdentityCache();
    private final java.util.concurrent.CountDownLatch warm = new java.util.concurrent.CountDownLatch(1);
    /** How long a hello waits for the identities being worked out at start. */
    private static final java.time.Duration WARM_UP_WAIT = java.time.Duration.ofSeconds(3);

    /**
     * A hello lists the compilers again at most this often. Placing clients ask every few hundred
     * milliseconds, and locating every allowed name on the path was 60% of a hello's CPU (0.43 of
     * 0.70 ms with Debian's 12 names); a list a second old is as good, since a client that names its
     * compiler has it checked per job anyway.
     */
    static final java.time.Duration LIST_AGAIN = java.time.Duration.ofSeconds(1);

    private volatile boolean warming;
    private volatile Timed last;

    private record Timed(Listed listed, long madeAt) {}

    /**
     * The identity of every allowed name found on the compiler path, and whether that is every name
     * that may run.
     */
    public record Listed(Map<String, String> identities, boolean complete) {
        public Listed {
            identities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(identities));
        }
    }

    public CompilerIdentities(CompilerWhitelist whitelist, CompilerLocator locator, Map<String, String> environment) {
        this.whitelist = whitelist;
        this.locator = locator;
        var env = new HashMap<>(environment);
        env.put("PATH", locator.searchPath().stream().map(Path::toString).collect(Collectors.joining(":")));
        this.environment = Map.copyOf(env);
    }

    /**
     * The identity of the compiler at {@code compiler} (as {@link CompilerLocator#locate} found it).
     *
     * @throws IOException if it cannot be worked out
     */
    public CompilerIdentity of(Path compiler) throws IOException {
        return cache.of(compiler, environment);
    }

    /**
     * Every allowed name that runs a compiler here, with the digest of its identity. Answers at once
     * (a hello must): it waits a little for the identities {@link #warmUp} works out, then lists those
     * known, and says the list is incomplete if one is missing.
     */
    public Listed list() {
        if (!warming) {
            return list(true);
        }
        try {
            warm.await(WARM_UP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long now = System.nanoTime();
        Timed recent = last;
        if (recent != null && now - recent.madeAt() < LIST_AGAIN.toNanos()) {
            return recent.listed();
        }
        Listed listed = list(false);
        if (warm.getCount() == 0) { // only once the warm-up has worked out what it can
            last = new Timed(listed, now);
        }
        return listed;
    }

    private Listed list(boolean workOut) {
        Map<String, String> identities = new LinkedHashMap<>();
        boolean complete = !whitelist.trustAnyName();
        for (String name : whitelist.names()) {
            Path compiler;
            try {
                compiler = locator.locate(name);
            } catch (Refusal notInstalled) {
                continue; // a link to a compiler this machine does not have: nothing runs under it
            }
            if (!workOut) {
                CompilerIdentity known = cache.known(compiler, environment);
                if (known == null) {
                    complete = false;
                } else {
                    identities.put(name, known.digest());
                }
                continue;
            }
            try {
                identities.put(name, of(compiler).digest());
            } catch (IOException e) {
                LOG.debug("cannot identify {} ({}): not listed", compiler, e.getMessage());
                complete = false;
            }
        }
        return new Listed(identities, complete);
    }

    /**
     * Works out every allowed compiler's identity now, in the background (reading about 70 MB per
     * gcc), so hellos can list them.
     */
    public void warmUp() {
        warming = true;
        Thread.ofVirtual().name("compiler-identities").start(() -> {
            long start = System.nanoTime();
            Listed listed = list(true);
            warm.countDown();
            // At info, once: until this line a hello may list only part of them (clients check per job).
            LOG.info(
                    "{} compiler names identified in {} ms: {}",
                    listed.identities().size(),
                    (System.nanoTime() - start) / 1_000_000,
                    List.copyOf(listed.identities().keySet()));
        });
    }
}
