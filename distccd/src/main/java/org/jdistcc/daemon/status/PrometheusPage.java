package org.jdistcc.daemon.status;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code /metrics}: Prometheus text exposition format 0.0.4. Names start with {@code distccd_};
 * counters end in {@code _total}; the configuration is an info metric (value 1, facts in labels).
 */
final class PrometheusPage {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusPage() {}

    static String render(Snapshot s, ServerInfo info) {
        var out = new StringBuilder(4096);
        header(out, "distccd_build_info", "gauge", "The daemon's version.");
        out.append("distccd_build_info{version=\"")
                .append(escape(info.version()))
                .append("\"} 1\n");
        header(out, "distccd_config_info", "gauge", "The daemon's configuration.");
        out.append("distccd_config_info{listen=\"")
                .append(escape(info.listen()))
                .append("\",port=\"")
                .append(info.port())
                .append("\",jobs=\"")
                .append(info.jobs())
                .append("\",compression=\"")
                .append(escape(String.join(",", info.compression())))
                .append("\",allowed=\"")
                .append(escape(String.join(",", info.allowed())))
                .append("\",cache=\"")
                .append(escape(s.cache().description()))
                .append("\"} 1\n");
        header(out, "distccd_start_time_seconds", "gauge", "When the daemon started, in seconds since the epoch.");
        sample(out, "distccd_start_time_seconds", s.startedAt().toEpochMilli() / 1000.0);
        header(out, "distccd_uptime_seconds", "gauge", "Seconds since the daemon started.");
        sample(
                out,
                "distccd_uptime_seconds",
                (s.now().toEpochMilli() - s.startedAt().toEpochMilli()) / 1000.0);
        header(out, "distccd_connections_total", "counter", "Connections accepted (distcc's dcc_tcp_accept).");
        sample(out, "distccd_connections_total", s.connections());
        header(out, "distccd_jobs_total", "counter", "Jobs finished, by outcome.");
        for (JobResult r : JobResult.values()) {
            out.append("distccd_jobs_total{outcome=\"")
                    .append(r.label())
                    .append("\"} ")
                    .append(s.count(r))
                    .append('\n');
        }
        header(out, "distccd_jobs_running", "gauge", "Jobs being served now.");
        sample(out, "distccd_jobs_running", s.running().size());
        header(out, "distccd_jobs_max", "gauge", "The most jobs served at once (--jobs).");
        sample(out, "distccd_jobs_max", info.jobs());
        header(out, "distccd_received_bytes_total", "counter", "Bytes read from clients.");
        sample(out, "distccd_received_bytes_total", s.bytesIn());
        header(out, "distccd_sent_bytes_total", "counter", "Bytes written to clients.");
        sample(out, "distccd_sent_bytes_total", s.bytesOut());
        header(
                out,
                "distccd_compile_duration_seconds",
                "histogram",
                "Time from connection to reply of jobs that ran the compiler.");
        long cumulative = 0;
        for (int i = 0; i < DaemonStats.BUCKETS.length; i++) {
            cumulative += s.histogram()[i];
            out.append("distccd_compile_duration_seconds_bucket{le=\"")
                    .append(number(DaemonStats.BUCKETS[i]))
                    .append("\"} ")
                    .append(cumulative)
                    .append('\n');
        }
        cumulative += s.histogram()[DaemonStats.BUCKETS.length];
        out.append("distccd_compile_duration_seconds_bucket{le=\"+Inf\"} ")
                .append(cumulative)
                .append('\n');
        sample(out, "distccd_compile_duration_seconds_sum", s.compileMillisTotal() / 1000.0);
        sample(out, "distccd_compile_duration_seconds_count", s.compiles());
        CacheFigures cache = s.cache();
        header(
                out,
                "distccd_cache_hits_total",
                "counter",
                "Jobs answered from the result cache, by where it kept them.");
        out.append("distccd_cache_hits_total{store=\"local\"} ")
                .append(cache.hits())
                .append('\n');
        out.append("distccd_cache_hits_total{store=\"shared\"} ")
                .append(cache.sharedHits())
                .append('\n');
        header(
                out,
                "distccd_cache_misses_total",
                "counter",
                "Jobs the result cache did not have: compiled, then kept.");
        sample(out, "distccd_cache_misses_total", cache.misses());
        header(
                out,
                "distccd_cache_errors_total",
                "counter",
                "Damaged cache entries found, and failed lookups or stores (an unreachable Redis).");
        sample(out, "distccd_cache_errors_total", cache.errors());
        header(out, "distccd_cache_size_bytes", "gauge", "What the result cache keeps on this volunteer's disk.");
        sample(out, "distccd_cache_size_bytes", cache.bytes());
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, long value) {
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void sample(StringBuilder out, String name, double value) {
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private static String number(double v) {
        // Plain decimals (1796076989.732, not 1.796076989732E9): both parse, people read these.
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : new BigDecimal(v)
                        .setScale(3, RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString();
    }

    /** Label values escape backslash, double quote and newline (exposition format). */
    static String escape(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
