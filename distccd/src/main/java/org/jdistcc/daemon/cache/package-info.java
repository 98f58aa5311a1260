/**
 * The volunteer's caches. The file cache ({@link org.jdistcc.daemon.cache.FileCache}): the sources
 * and headers jdistcc clients sent, kept by SHA-256 so that a client names a file by digest and
 * sends only what the cache lacks. The result cache: what a compile gave (object, side files,
 * {@code .d}, stderr, stdout, status), kept under a digest of everything that decides it ({@link
 * org.jdistcc.daemon.cache.ResultKey}), so the same job again costs a lookup and the transfer. On
 * this volunteer's disk ({@link org.jdistcc.daemon.cache.DiskCache}: bounded, least recently used out
 * first, written to a temporary file and renamed), in a Redis server the farm shares ({@link
 * org.jdistcc.daemon.cache.RedisCache}: what one volunteer compiled is a hit on every other), or both
 * ({@link org.jdistcc.daemon.cache.TieredCache}). Every entry carries the key it answers and a MAC
 * over all of it ({@link org.jdistcc.daemon.cache.EntryFormat}): a torn, damaged or misplaced entry is
 * never served. See docs/cache.md.
 *
 * <p>Bottom floor: uses {@code common} and the JDK (and the Redis client), no other package of the
 * daemon. It knows nothing of jobs or dialects: {@code serving} builds the keys and the replies.
 */
package org.jdistcc.daemon.cache;
