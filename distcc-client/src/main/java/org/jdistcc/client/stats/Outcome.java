package org.jdistcc.client.stats;

/** How one client invocation got its result. Each compile counts under exactly one. */
public enum Outcome {
    /** The result came from a volunteer (also a compile error kept with DISTCC_SKIP_LOCAL_RETRY). */
    REMOTE("remote"),
    /** Compiled here by design: not distributable, no hosts configured, or a {@code localhost} slot. */
    LOCAL("local"),
    /** Compiled here because every volunteer failed or none was available. */
    FALLBACK("fallback"),
    /** Compiled here again after the source failed (preprocessor or remote compile error), for its diagnostics. */
    RERUN_HERE("rerun_here"),
    /** Compiled here beside a volunteer that lagged, and here finished first (the volunteer's compile was cancelled). */
    RACED_HERE("raced_here"),
    /** Not compiled: volunteers failed and DISTCC_FALLBACK=0 forbade compiling here. */
    FAILED("failed");

    private final String key;

    Outcome(String key) {
        this.key = key;
    }

    /** The name in the stats files. */
    String key() {
        return key;
    }

    /** The outcome with this name, or null. */
    static Outcome ofKey(String key) {
        for (Outcome o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }
}
