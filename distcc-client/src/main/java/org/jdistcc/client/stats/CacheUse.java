package org.jdistcc.client.stats;

import org.jdistcc.protocol.Reply;

/** What a volunteer's result cache did for a job, as its reply said (jdistcc volunteers only). */
public enum CacheUse {
    /** The volunteer did not say: distcc 3.4, or no cache there, or nothing it could cache. */
    NONE("-"),
    /** Answered from the volunteer's own cache. */
    HIT("h"),
    /** Answered from the cache the farm shares (another volunteer may have compiled it). */
    SHARED_HIT("s"),
    /** Not in the cache: compiled (and then kept). */
    MISS("m");

    private final String key;

    CacheUse(String key) {
        this.key = key;
    }

    /** From a reply's flags ({@link Reply#flags()}). */
    public static CacheUse of(int replyFlags) {
        if ((replyFlags & Reply.CACHED) != 0) {
            return (replyFlags & Reply.SHARED) != 0 ? SHARED_HIT : HIT;
        }
        return (replyFlags & Reply.MISSED) != 0 ? MISS : NONE;
    }

    String key() {
        return key;
    }

    static CacheUse ofKey(String key) {
        for (CacheUse use : values()) {
            if (use.key.equals(key)) {
                return use;
            }
        }
        return null;
    }

    public boolean isHit() {
        return this == HIT || this == SHARED_HIT;
    }
}
