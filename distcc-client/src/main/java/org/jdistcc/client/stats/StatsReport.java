package org.jdistcc.client.stats;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.jdistcc.client.remote.RemoteFailure;

/** The text of {@code distcc --show-stats}, laid out like {@code ccache -s}. */
public final class StatsReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private StatsReport() {}

    public static String format(ClientStats s, Path file, long nowMillis, ZoneId zone) {
        var out = new StringBuilder();
        row(out, "Stats file", file.toString());
        row(
                out,
                "Stats zeroed",
                s.zeroedAt() == 0
                        ? "never"
                        : WHEN.format(Instant.ofEpochSecond(s.zeroedAt()).atZone(zone)));
        long total = s.compiles();
        count(out, "Compiles", total, -1);
        count(out, "  Remote", s.count(Outcome.REMOTE), total);
        count(out, "    after a volunteer failed", s.remoteRetried(), -1);
        count(out, "  Local (by choice)", s.count(Outcome.LOCAL), total);
        count(out, "  Local fallback", s.count(Outcome.FALLBACK), total);
        count(out, "  Local re-run after an error", s.count(Outcome.RERUN_HERE), total);
        count(out, "  Local, first beside a lagging volunteer", s.count(Outcome.RACED_HERE), total);
        count(out, "  Failed (fallback disabled)", s.count(Outcome.FAILED), total);
        count(out, "Compile errors", s.compileErrors(), -1);
        long failures = 0;
        for (long n : s.failures().values()) {
            failures += n;
        }
        count(out, "Remote failures", failures, -1);
        for (Map.Entry<String, Long> e : s.failures().entrySet()) {
            count(out, "  " + describe(e.getKey()), e.getValue(), -1);
        }
        count(out, "Finished in the last minute", s.finishedInLastMinute(nowMillis), -1);
        long offloaded = 0;
        for (var h : s.hosts().values()) {
            offloaded += h.compileMillis();
        }
        row(out, "Compile time on volunteers", duration(offloaded) + "  (roughly the CPU time saved here)");
        long hits = 0;
        long misses = 0;
        for (var h : s.hosts().values()) {
            hits += h.cacheHits();
            misses += h.cacheMisses();
        }
        boolean cached = hits + misses > 0;
        if (cached) {
            count(out, "Volunteer cache hits", hits, hits + misses);
            count(out, "Volunteer cache misses", misses, hits + misses);
        }
        if (!s.hosts().isEmpty()) {
            out.append('\n');
            out.append(String.format(
                    Locale.ROOT,
                    "%-24s %6s %10s %10s %10s %10s %8s",
                    "Volunteer",
                    "jobs",
                    "avg time",
                    "avg comp.",
                    "sent",
                    "received",
                    "failures"));
            out.append(cached ? String.format(Locale.ROOT, " %6s %6s%n", "hits", "misses") : "\n");
            s.hosts().forEach((name, h) -> {
                out.append(String.format(
                        Locale.ROOT,
                        "%-24s %6d %10s %10s %10s %10s %8d",
                        name,
                        h.jobs(),
                        h.jobs() == 0 ? "-" : duration(h.millis() / h.jobs()),
                        h.jobs() == 0 ? "-" : duration(h.compileMillis() / h.jobs()),
                        bytes(h.sent()),
                        bytes(h.received()),
                        h.failures()));
                boolean looked = h.cacheHits() + h.cacheMisses() > 0;
                out.append(
                        !cached
                                ? "\n"
                                : String.format(
                                        Locale.ROOT,
                                        " %6s %6s%n",
                                        looked ? Long.toString(h.cacheHits()) : "-",
                                        looked ? Long.toString(h.cacheMisses()) : "-"));
            });
        }
        return out.toString();
    }

    private static String describe(String kind) {
        try {
            return RemoteFailure.Kind.valueOf(kind.toUpperCase(Locale.ROOT)).description();
        } catch (IllegalArgumentException e) {
            return kind.replace('_', ' ');
        }
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-32s %s%n", label, value));
    }

    private static void count(StringBuilder out, String label, long n, long total) {
        if (total > 0) {
            out.append(String.format(Locale.ROOT, "%-32s %8d  %5.1f %%%n", label, n, 100.0 * n / total));
        } else {
            out.append(String.format(Locale.ROOT, "%-32s %8d%n", label, n));
        }
    }

    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        if (millis < 3_600_000) {
            return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
        }
        return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    }

    /** Bytes in SI units, one decimal: {@code 512 B}, {@code 48.2 kB} (also distccmon-text's sizes). */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
