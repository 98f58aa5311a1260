package org.jdistcc.client.stats;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The totals in {@code $DISTCC_DIR/stats}, and their text form: one {@code key value} line each,
 * in ASCII, ending with {@code end} (a reader stops there, so a file cut short by a crash while
 * it was being rewritten in place still reads as its last complete version). See
 * docs/monitoring.md.
 *
 * <pre>
 * jdistcc-stats 1
 * zeroed 1764536400
 * remote 12
 * remote_retried 1
 * local 3
 * ...
 * failure cannot_connect 2
 * host 10.0.0.2:3632 jobs=12 ms=1534 compile_ms=1200 sent=120345 received=23456 failures=1
 * recent 1764536460 3
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
    }

    private long zeroedAt;
    private final long[] outcomes = new long[Outcome.values().length];
    private long remoteRetried;
    private long compileErrors;
    private final Map<String, Long> failures = new TreeMap<>();
    private final Map<String, HostTotals> hosts = new TreeMap<>();
    private final TreeMap<Long, Long> recent = new TreeMap<>();

    /** Adds one compile that finished at {@code nowMillis}. */
    public void add(CompileRecord r, long nowMillis) {
        outcomes[r.outcome().ordinal()]++;
        if (r.retried()) {
            remoteRetried++;
        }
        if (r.exitStatus() != 0 && r.outcome() != Outcome.FAILED) {
            compileErrors++;
        }
        for (CompileRecord.Failure f : r.failures()) {
            failures.merge(f.kind(), 1L, Long::sum);
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
        }
        long second = nowMillis / 1000;
        recent.merge(second, 1L, Long::sum);
        recent.headMap(second - RECENT_SECONDS, true).clear();
    }

    public long zeroedAt() {
        return zeroedAt;
    }

    public void zeroedAt(long epochSeconds) {
        this.zeroedAt = epochSeconds;
    }

    public long count(Outcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    public long compiles() {
        long total = 0;
        for (long n : outcomes) {
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

    private HostTotals host(String name) {
        return hosts.computeIfAbsent(word(name), k -> new HostTotals());
    }

    /** Host names become one word of a line (they have no blanks, but the file must survive one). */
    private static String word(String name) {
        if (name.isEmpty()) {
            return "?";
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) <= ' ') {
                var b = new StringBuilder(name);
                for (int j = i; j < b.length(); j++) {
                    if (b.charAt(j) <= ' ') {
                        b.setCharAt(j, '_');
                    }
                }
                return b.toString();
            }
        }
        return name;
    }

    public byte[] format() {
        var out = new StringBuilder(256 + 96 * hosts.size());
        out.append(HEADER).append('\n');
        line(out, "zeroed", zeroedAt);
        for (Outcome o : Outcome.values()) {
            line(out, o.key(), outcomes[o.ordinal()]);
        }
        line(out, "remote_retried", remoteRetried);
        line(out, "compile_errors", compileErrors);
        failures.forEach((kind, n) ->
                out.append("failure ").append(kind).append(' ').append(n).append('\n'));
        hosts.forEach((name, h) -> out.append("host ")
                .append(name)
                .append(" jobs=")
                .append(h.jobs)
                .append(" ms=")
                .append(h.millis)
                .append(" compile_ms=")
                .append(h.compileMillis)
                .append(" sent=")
                .append(h.sent)
                .append(" received=")
                .append(h.received)
                .append(" failures=")
                .append(h.failures)
                .append('\n'));
        recent.forEach((second, n) ->
                out.append("recent ").append(second).append(' ').append(n).append('\n'));
        out.append("end\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, String key, long value) {
        out.append(key).append(' ').append(value).append('\n');
    }

    /** Parses a stats file; unknown or damaged lines are skipped, a foreign file reads as empty. */
    public static ClientStats parse(byte[] bytes) {
        var stats = new ClientStats();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith(HEADER + "\n")) {
            return stats;
        }
        for (String line : text.split("\n")) {
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
                        default -> {}
                    }
                }
            }
            default -> {
                for (Outcome o : Outcome.values()) {
                    if (o.key().equals(w[0])) {
                        outcomes[o.ordinal()] = Long.parseLong(w[1]);
                    }
                }
            }
        }
    }
}
