package org.jdistcc.daemon.cache;

import java.nio.file.Path;

/**
 * This volunteer's disk in front of the farm's Redis: a lookup tries the disk, then Redis (and keeps
 * what Redis had on disk); a result goes to both.
 */
public final class TieredCache implements ResultCache {
    private final ResultCache local;
    private final ResultCache shared;

    public TieredCache(ResultCache local, ResultCache shared) {
        this.local = local;
        this.shared = shared;
    }

    @Override
    public Hit lookup(ResultKey key, Path into) {
        Hit hit = local.lookup(key, into);
        if (hit != null) {
            return hit;
        }
        hit = shared.lookup(key, into);
        if (hit != null) {
            local.store(key, hit.result());
            return new Hit(hit.result(), true);
        }
        return null;
    }

    @Override
    public void store(ResultKey key, CachedResult result) {
        local.store(key, result);
        shared.store(key, result);
    }

    @Override
    public long errors() {
        return local.errors() + shared.errors();
    }

    @Override
    public long localBytes() {
        return local.localBytes();
    }

    @Override
    public String kind() {
        return local.kind() + "+" + shared.kind();
    }

    @Override
    public String describe() {
        return local.describe() + " + " + shared.describe();
    }

    @Override
    public void close() {
        local.close();
        shared.close();
    }
}
