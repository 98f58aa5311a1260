package org.jdistcc.daemon.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Results in a Redis server the farm shares ({@code --cache-url redis://HOST:PORT}): what one
 * volunteer compiled is a hit on every other. One value per entry ({@link EntryFormat}), under {@code
 * jdistcc:result:1:<key>}; bounding the memory is Redis's ({@code maxmemory} with {@code
 * allkeys-lru}, docs/cache.md).
 *
 * <p>Redis never fails a job: every command is bounded by a connect and a read timeout, and after a
 * failure (stopped, slow, refusing, answering errors) Redis is left alone for {@link #outage} and jobs
 * compile without it; the log says so once when it goes and once when it is back.
 */
public final class RedisCache implements ResultCache {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
    /** The largest entry sent to Redis: values travel whole, in memory, on every volunteer's link. */
    public static final long MAX_ENTRY = 32L << 20;

    private static final String PREFIX = "jdistcc:result:1:";

    private final RedisClient client;
    private final String described;
    private final EntryFormat format;
    private final Duration outage;
    private final AtomicLong errors = new AtomicLong();
    private volatile long downUntilNanos;
    private volatile boolean down;

    private RedisCache(RedisClient client, String described, EntryFormat format, Duration outage) {
        this.client = client;
        this.described = described;
        this.format = format;
        this.outage = outage;
    }

    /** A Redis address as {@code --cache-url} takes it. */
    public record Address(String host, int port, String user, String password, int database, boolean tls) {
        /** {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]}, or {@code rediss://} for TLS. */
        public static Address parse(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + url);
            }
            String scheme = uri.getScheme();
            if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
                throw new IllegalArgumentException("not a redis:// or rediss:// URL: " + url);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host in " + url);
            }
            String user = null;
            String password = null;
            String info = uri.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                user = colon < 0 ? null : decode(info.substring(0, colon));
                password = decode(colon < 0 ? info : info.substring(colon + 1));
                if (user != null && user.isEmpty()) {
                    user = null;
                }
            }
            int database = 0;
            String path = uri.getPath();
            if (path != null && !path.isEmpty() && !path.equals("/")) {
                try {
                    database = Integer.parseInt(path.substring(1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the path of " + url + " is not a database number");
                }
            }
            return new Address(
                    uri.getHost(),
                    uri.getPort() < 0 ? 6379 : uri.getPort(),
                    user,
                    password,
                    database,
                    scheme.equals("rediss"));
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }

        /** The address without its password, for logs. */
        @Override
        public String toString() {
            return (tls ? "rediss://" : "redis://") + host + ":" + port + (database == 0 ? "" : "/" + database);
        }
    }

    /**
     * A client for {@code address}; connects on first use, so a Redis that is down at start only
     * means misses.
     *
     * @param timeout bound on connecting, and on each read and write
     * @param outage how long Redis is left alone after a failure
     * @param connections the most connections at once (the daemon's --jobs is a good number)
     */
    public static RedisCache open(
            Address address, EntryFormat format, Duration timeout, Duration outage, int connections) {
        var config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .user(address.user())
                .password(address.password())
                .database(address.database())
                .ssl(address.tls())
                .clientName("jdistccd")
                .build();
        var pool = new GenericObjectPoolConfig<Connection>();
        pool.setMaxTotal(Math.max(2, connections));
        pool.setMaxIdle(Math.max(2, connections));
        pool.setMinIdle(0);
        pool.setMaxWait(timeout);
        pool.setJmxEnabled(false); // no MBean server for a pool: start-up and memory
        RedisClient client = RedisClient.builder()
                .hostAndPort(address.host(), address.port())
                .clientConfig(config)
                .poolConfig(pool)
                .build();
        return new RedisCache(client, address.toString(), format, outage);
    }

    private static byte[] keyOf(ResultKey key) {
        return (PREFIX + key.hex()).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Hit lookup(ResultKey key, Path into) {
        if (resting()) {
            return null;
        }
        byte[] value;
        try {
            value = client.get(keyOf(key));
            up();
        } catch (JedisException | IllegalStateException e) {
            failed(e);
            return null;
        }
        if (value == null) {
            return null;
        }
        try {
            return new Hit(format.read(key, new ByteArrayInputStream(value), into), true);
        } catch (EntryFormat.Corrupt e) {
            errors.incrementAndGet();
            LOG.warn("shared cache entry {} is not usable ({}): removed", key, e.getMessage());
            try {
                client.del(keyOf(key));
            } catch (JedisException | IllegalStateException gone) {
                failed(gone);
            }
            return null;
        } catch (IOException e) {
            errors.incrementAndGet();
            LOG.warn("cannot unpack shared cache entry {}: {}", key, e.toString());
            return null;
        }
    }

    @Override
    public void store(ResultKey key, CachedResult result) {
        if (resting() || result.size() > Math.min(MAX_ENTRY, format.maxEntry())) {
            return;
        }
        var bytes = new ByteArrayOutputStream((int) Math.min(result.size() + 1024, MAX_ENTRY));
        try {
            format.write(key, result, bytes);
        } catch (IOException e) {
            errors.incrementAndGet();
            LOG.warn("cannot pack a result for the shared cache: {}", e.toString());
            return;
        }
        try {
            client.set(keyOf(key), bytes.toByteArray());
            up();
        } catch (JedisException | IllegalStateException e) {
            failed(e);
        }
    }

    private boolean resting() {
        return down && System.nanoTime() - downUntilNanos < 0;
    }

    private void failed(RuntimeException e) {
        errors.incrementAndGet();
        downUntilNanos = System.nanoTime() + outage.toNanos();
        if (!down) {
            down = true;
            LOG.warn(
                    "shared cache {} unavailable ({}): compiling without it, trying again in {} s",
                    described,
                    e.getMessage(),
                    outage.toSeconds());
        }
    }

    private void up() {
        if (down) {
            down = false;
            LOG.info("shared cache {} is back", described);
        }
    }

    @Override
    public long errors() {
        return errors.get();
    }

    @Override
    public long localBytes() {
        return 0;
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public String describe() {
        return described;
    }

    @Override
    public void close() {
        client.close();
    }
}
