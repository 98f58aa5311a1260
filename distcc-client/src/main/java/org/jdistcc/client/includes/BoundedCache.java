package org.jdistcc.client.includes;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map that stays under a number of entries: past it, a quarter of the entries go (in
 * hash order, so about at random). Enough for caches whose entries are cheap to rebuild and whose
 * bound only protects memory over an agent's lifetime.
 */
final class BoundedCache<K, V> {
    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private final int maxEntries;

    BoundedCache(int maxEntries) {
        if (maxEntries < 4) {
            throw new IllegalArgumentException("maxEntries " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    V get(K key) {
        return map.get(key);
    }

    void put(K key, V value) {
        map.put(key, value);
        trim();
    }

    /** The value now mapped to {@code key}: {@code value} unless another thread put one first. */
    V putIfAbsent(K key, V value) {
        V earlier = map.putIfAbsent(key, value);
        trim();
        return earlier == null ? value : earlier;
    }

    void remove(K key, V value) {
        map.remove(key, value);
    }

    int size() {
        return map.size();
    }

    private void trim() {
        if (map.size() <= maxEntries) {
            return;
        }
        int excess = map.size() - maxEntries * 3 / 4;
        Iterator<K> keys = map.keySet().iterator();
        while (excess-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
