package org.jdistcc.client.stats;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The folded totals, {@code $DISTCC_DIR/stats}: one {@code key value} line each, in ASCII, ending
 * with {@code end} (see docs/monitoring.md). Compiles are not added here directly but appended to
 * {@code stats.log} and folded in by readers ({@link StatsFile}); {@code log} lines remember how far
 * each log file has been folded.
 *
 * <pre>
 * jdistcc-stats 1
 * zeroed 1764536400
 * remote 12
 * ...
 * failure cannot_connect 2
 * host 10.0.0.2:3632 jobs=12 ms=1534 compile_ms=1200 sent=120345 received=23456 failures=1
 * recent 1764536460 3
 * log (dev=fe01,ino=1234) 8112
 * end
 * </pre>
 */
public final class ClientStats {
    static final String HEADER = "jdistcc-stats 1";
    /** Finished compiles are kept per second for this long, for the "last minute" throughput. */
    static final int RECENT_SECONDS = 60;

    /** Totals for one volunteer. */
    public static final class HostTotals {
        long jobs;
        long millis;
        long compileMillis;
        long sent;
        long received;
        long failures;
        long cacheHits;
        long cacheMisses;

        public long jobs() {
            return jobs;
        }

        public long millis() {
            return millis;
        }

        public long compileMillis() {
            return compileMillis;
        }

        public long sent() {
            return sent;
        }

        public long received() {
            return received;
        }

        public long failures() {
            return failures;
        }

        /** Jobs the volunteer answered from a result cache (its own or the farm's). */
        public long cacheHits() {
            return cacheHits;
        }

        /** Jobs the volunteer looked up in its result cache, did not find, and compiled. */
        public long cacheMisses() {
            return cacheMisses;
        }
    }

    private long zeroedAt;
    private final EnumMap<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private long remoteRetried;
    private long compileErrors;
    private final Map<String, Long> failures = new TreeMap<>();
    private final Map<String, HostTotals> hosts = new TreeMap<>();
    private final TreeMap<Long, Long> recent = new TreeMap<>();
    private final Map<String, Long> logOffsets = new TreeMap<>();

    /** Adds one compile that finished at {@code finishedMillis}. */
    public void add(CompileRecord r, long finishedMillis) {
        outcomes.merge(r.outcome(), 1L, Long::sum);
        if (r.retried()) {
            remoteRetried++;
        }
        if (r.exitStatus() != 0 && r.outcome() != Outcome.FAILED) {
            compileErrors++;
        }
        for (CompileRecord.Failure f : r.failures()) {
            Long n = failures.get(f.kind());
            failures.put(f.kind(), n == null ? 1 : n + 1);
            host(f.host()).failures++;
        }
        CompileRecord.RemoteJob job = r.remote();
        if (job != null) {
            HostTotals h = host(job.host());
            h.jobs++;
            h.millis += job.millis();
            h.compileMillis += job.compileMillis();
            h.sent += job.bytesSent();
            h.received += job.bytesReceived();
            if (job.cache().isHit()) {
                h.cacheHits++;
            } else if (job.cache() == CacheUse.MISS) {
                h.cacheMisses++;
            }
        }
        long second = finishedMillis / 1000;
        Long n = recent.get(second);
        recent.put(second, n == null ? 1 : n + 1);
    }

    /** Forgets the per-second counts older than the last minute. */
    void prune(long nowMillis) {
        recent.headMap(nowMillis / 1000 - RECENT_SECONDS, true).clear();
    }

    public long zeroedAt() {
        return zeroedAt;
    }

    public void zeroedAt(long epochSeconds) {
        this.zeroedAt = epochSeconds;
    }

    public long count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    public long compiles() {
        long total = 0;
        for (long n : outcomes.values()) {
            total += n;
        }
        return total;
    }

    public long remoteRetried() {
        return remoteRetried;
    }

    public long compileErrors() {
        return compileErrors;
    }

    /** Remote failures by {@code RemoteFailure.Kind} name, lower case. */
    public Map<String, Long> failures() {
        return failures;
    }

    public Map<String, HostTotals> hosts() {
        return hosts;
    }

    /** Compiles finished in the minute before {@code nowMillis}. */
    public long finishedInLastMinute(long nowMillis) {
        long since = nowMillis / 1000 - RECENT_SECONDS;
        long total = 0;
        for (var e : recent.tailMap(since, false).entrySet()) {
            total += e.getValue();
        }
        return total;
    }

    /** How many bytes of the log file with this identity are folded in. */
    long logOffset(String fileKey) {
        Long offset = logOffsets.get(fileKey);
        return offset == null ? 0 : offset;
    }

    void logOffset(String fileKey, long offset) {
        logOffsets.put(fileKey, offset);
    }

    /** Forgets the offsets of log files that no longer exist. */
    void retainLogs(java.util.Set<String> fileKeys) {
        logOffsets.keySet().retainAll(fileKeys);
    }

    /** Everything back to zero but the log positions, which say what is already counted. */
    ClientStats zeroed(long epochSeconds) {
        var fresh = new ClientStats();
        fresh.zeroedAt = epochSeconds;
        fresh.logOffsets.putAll(logOffsets);
        return fresh;
    }

    private HostTotals host(String name) {
        String key = CompileRecord.word(name);
        HostTotals h = hosts.get(key);
        if (h == null) {
            h = new HostTotals();
            hosts.put(key, h);
        }
        return h;
    }

    public byte[] format() {
        var out = new StringBuilder(256 + 96 * hosts.size());
        out.append(HEADER).append('\n');
        line(out, "zeroed", zeroedAt);
        for (Outcome o : Outcome.values()) {
            line(out, o.key(), count(o));
        }
        line(out, "remote_retried", remoteRetried);
        line(out, "compile_errors", compileErrors);
        for (Map.Entry<String, Long> e : failures.entrySet()) {
            out.append("failure ")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue())
                    .append('\n');
        }
        for (Map.Entry<String, HostTotals> e : hosts.entrySet()) {
            HostTotals h = e.getValue();
            out.append("host ").append(e.getKey());
            out.append(" jobs=").append(h.jobs).append(" ms=").append(h.millis);
            out.append(" compile_ms=").append(h.compileMillis);
            out.append(" sent=").append(h.sent).append(" received=").append(h.received);
            out.append(" failures=").append(h.failures);
            out.append(" cache_hits=")
                    .append(h.cacheHits)
                    .append(" cache_misses=")
                    .append(h.cacheMisses);
            out.append('\n');
        }
        for (Map.Entry<Long, Long> e : recent.entrySet()) {
            out.append("recent ")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue())
                    .append('\n');
        }
        for (Map.Entry<String, Long> e : logOffsets.entrySet()) {
            out.append("log ")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue())
                    .append('\n');
        }
        out.append("end\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, String key, long value) {
        out.append(key).append(' ').append(value).append('\n');
    }

    /** Parses the totals; unknown or damaged lines are skipped, a foreign file reads as empty. */
    public static ClientStats parse(byte[] bytes) {
        var stats = new ClientStats();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith(HEADER + "\n")) {
            return stats;
        }
        for (String line : text.split("\n", -1)) {
            if (line.equals("end")) {
                break;
            }
            String[] w = line.split(" ");
            try {
                stats.parseLine(w);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // a damaged line loses its counts, not the file
            }
        }
        return stats;
    }

    private void parseLine(String[] w) {
        switch (w[0]) {
            case "zeroed" -> zeroedAt = Long.parseLong(w[1]);
            case "remote_retried" -> remoteRetried = Long.parseLong(w[1]);
            case "compile_errors" -> compileErrors = Long.parseLong(w[1]);
            case "failure" -> failures.put(w[1], Long.parseLong(w[2]));
            case "recent" -> recent.put(Long.parseLong(w[1]), Long.parseLong(w[2]));
            case "log" -> logOffsets.put(w[1], Long.parseLong(w[2]));
            case "host" -> {
                HostTotals h = host(w[1]);
                for (int i = 2; i < w.length; i++) {
                    int eq = w[i].indexOf('=');
                    long v = Long.parseLong(w[i].substring(eq + 1));
                    switch (w[i].substring(0, eq)) {
                        case "jobs" -> h.jobs = v;
                        case "ms" -> h.millis = v;
                        case "compile_ms" -> h.compileMillis = v;
                        case "sent" -> h.sent = v;
                        case "received" -> h.received = v;
                        case "failures" -> h.failures = v;
                        case "cache_hits" -> h.cacheHits = v;
                        case "cache_misses" -> h.cacheMisses = v;
                        default -> {}
                    }
                }
            }
            default -> {
                Outcome o = Outcome.ofKey(w[0]);
                if (o != null) {
                    outcomes.put(o, Long.parseLong(w[1]));
                }
            }
        }
    }
}
