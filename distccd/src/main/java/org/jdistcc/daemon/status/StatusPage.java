package org.jdistcc.daemon.status;

import java.net.InetSocketAddress;
import java.util.List;
import org.jdistcc.common.JsonString;

/**
 * {@code /status}: the configuration, the jobs being served, the jobs ended lately, per-minute
 * totals and the totals since start, as JSON written by hand (a JSON library for one small page
 * would cost more start-up than it saves). Strings are escaped per RFC 8259; client-supplied names
 * may hold anything. {@code "version"} stays the first key: lsdistcc looks for it by string search.
 */
final class StatusPage {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private StatusPage() {}

    static String render(Snapshot s, ServerInfo info) {
        return render(s, info, null);
    }

    /** @param slots the compile slots now, shown as {@code "slots"} (what a hello tells); null: not shown */
    static String render(Snapshot s, ServerInfo info, SlotFigures slots) {
        var out = new StringBuilder(4096);
        out.append("{\"server\":{\"version\":")
                .append(quote(info.version()))
                .append(",\"listen\":")
                .append(quote(info.listen()))
                .append(",\"port\":")
                .append(info.port())
                .append(",\"jobs\":")
                .append(info.jobs())
                .append(",\"compression\":");
        array(out, info.compression());
        out.append(",\"allowed\":");
        array(out, info.allowed());
        out.append(",\"cache\":").append(quote(s.cache().description()));
        out.append(",\"started_at\":")
                .append(quote(s.startedAt().toString()))
                .append(",\"uptime_seconds\":")
                .append((s.now().toEpochMilli() - s.startedAt().toEpochMilli()) / 1000)
                .append("},\n");
        if (slots != null) {
            out.append("\"slots\":{\"jobs\":")
                    .append(slots.jobs())
                    .append(",\"free\":")
                    .append(slots.free())
                    .append(",\"queued\":")
                    .append(slots.queued())
                    .append(",\"ms_per_kb\":")
                    .append(Double.isNaN(slots.msPerKb()) ? "null" : slots.paceText())
                    .append(",\"compile_ms\":")
                    .append(
                            Double.isNaN(slots.compileMillis())
                                    ? "null"
                                    : Long.toString(Math.round(slots.compileMillis())))
                    .append(",\"waiting\":")
                    .append(slots.waiting())
                    .append("},\n");
        }
        out.append("\"now\":").append(quote(s.now().toString())).append(",\n\"running\":[");
        List<DaemonStats.Job> jobs = s.running();
        for (int i = 0; i < jobs.size(); i++) {
            DaemonStats.Job job = jobs.get(i);
            out.append(i == 0 ? "\n" : ",\n")
                    .append(" {\"id\":")
                    .append(job.id())
                    .append(",\"client\":")
                    .append(quote(address(job.client())))
                    .append(",\"source\":")
                    .append(text(job.source()))
                    .append(",\"size\":")
                    .append(size(job.sourceSize()))
                    .append(",\"compiler\":")
                    .append(text(job.compiler()))
                    .append(",\"phase\":")
                    .append(quote(job.phase().label()))
                    .append(",\"compile_start_ms\":")
                    .append(size(job.compileStartMillis()))
                    .append(",\"received_at\":")
                    .append(quote(job.receivedAt().toString()))
                    .append(",\"elapsed_ms\":")
                    .append(Math.max(
                            0, s.now().toEpochMilli() - job.receivedAt().toEpochMilli()))
                    .append('}');
        }
        out.append(jobs.isEmpty() ? "],\n" : "\n],\n");
        recent(out, s.recent());
        minutes(out, s.minutes());
        out.append("\"totals\":{\"connections\":").append(s.connections());
        for (JobResult r : JobResult.values()) {
            out.append(",\"").append(r.label()).append("\":").append(s.count(r));
        }
        out.append(",\"bytes_in\":")
                .append(s.bytesIn())
                .append(",\"bytes_out\":")
                .append(s.bytesOut())
                .append(",\"cache_hits\":")
                .append(s.cache().hits())
                .append(",\"cache_shared_hits\":")
                .append(s.cache().sharedHits())
                .append(",\"cache_misses\":")
                .append(s.cache().misses())
                .append(",\"cache_errors\":")
                .append(s.cache().errors())
                .append(",\"cache_bytes\":")
                .append(s.cache().bytes())
                .append("}}\n");
        return out.toString();
    }

    /** The jobs ended in the last minutes, in the order they ended (the timeline). */
    private static void recent(StringBuilder out, List<FinishedJob> recent) {
        out.append("\"recent\":[");
        for (int i = 0; i < recent.size(); i++) {
            FinishedJob job = recent.get(i);
            out.append(i == 0 ? "\n" : ",\n")
                    .append(" {\"id\":")
                    .append(job.id())
                    .append(",\"client\":")
                    .append(quote(address(job.client())))
                    .append(",\"source\":")
                    .append(text(job.source()))
                    .append(",\"size\":")
                    .append(size(job.size()))
                    .append(",\"compiler\":")
                    .append(text(job.compiler()))
                    .append(",\"received_at\":")
                    .append(quote(job.receivedAt().toString()))
                    .append(",\"duration_ms\":")
                    .append(job.durationMillis())
                    .append(",\"compile_start_ms\":")
                    .append(size(job.compileStartMillis()))
                    .append(",\"compile_ms\":")
                    .append(size(job.compileMillis()))
                    .append(",\"result\":")
                    .append(quote(job.result().label()))
                    .append(",\"cache\":")
                    .append(text(job.cache()))
                    .append('}');
        }
        out.append(recent.isEmpty() ? "],\n" : "\n],\n");
    }

    /** Jobs ended and bytes moved per minute, oldest first, the current minute last. */
    private static void minutes(StringBuilder out, List<MinuteHistory.Minute> minutes) {
        out.append("\"minutes\":[");
        for (int i = 0; i < minutes.size(); i++) {
            MinuteHistory.Minute m = minutes.get(i);
            out.append(i == 0 ? "\n" : ",\n")
                    .append(" {\"start\":")
                    .append(quote(m.start().toString()));
            for (JobResult r : JobResult.values()) {
                out.append(",\"").append(r.label()).append("\":").append(m.count(r));
            }
            out.append(",\"bytes_in\":")
                    .append(m.bytesIn())
                    .append(",\"bytes_out\":")
                    .append(m.bytesOut())
                    .append('}');
        }
        out.append(minutes.isEmpty() ? "],\n" : "\n],\n");
    }

    private static String text(String s) {
        return s.isEmpty() ? "null" : quote(s);
    }

    /** A count or size, null when unknown (negative). */
    private static String size(long n) {
        return n < 0 ? "null" : Long.toString(n);
    }

    private static String address(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static void array(StringBuilder out, List<String> items) {
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ",").append(quote(items.get(i)));
        }
        out.append(']');
    }

    static String quote(String s) {
        return JsonString.quote(s);
    }
}
