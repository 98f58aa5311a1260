package org.jdistcc.daemon.status;

import java.net.InetSocketAddress;
import java.util.List;
import org.jdistcc.common.JsonString;

/**
 * {@code /status}: the configuration, the jobs being served and the totals, as JSON written by
 * hand (a JSON library for one small page would cost more start-up than it saves). Strings are
 * escaped per RFC 8259; client-supplied names may hold anything.
 */
final class StatusPage {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private StatusPage() {}

    static String render(DaemonStats.Snapshot s, ServerInfo info) {
        var out = new StringBuilder(1024);
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
        out.append(",\"started_at\":")
                .append(quote(s.startedAt().toString()))
                .append(",\"uptime_seconds\":")
                .append((s.now().toEpochMilli() - s.startedAt().toEpochMilli()) / 1000)
                .append("},\n\"running\":[");
        List<DaemonStats.Job> jobs = s.running();
        for (int i = 0; i < jobs.size(); i++) {
            DaemonStats.Job job = jobs.get(i);
            out.append(i == 0 ? "\n" : ",\n")
                    .append(" {\"client\":")
                    .append(quote(address(job.client())))
                    .append(",\"source\":")
                    .append(job.source().isEmpty() ? "null" : quote(job.source()))
                    .append(",\"size\":")
                    .append(job.sourceSize() < 0 ? "null" : Long.toString(job.sourceSize()))
                    .append(",\"compiler\":")
                    .append(job.compiler().isEmpty() ? "null" : quote(job.compiler()))
                    .append(",\"received_at\":")
                    .append(quote(job.receivedAt().toString()))
                    .append(",\"elapsed_ms\":")
                    .append(Math.max(
                            0, s.now().toEpochMilli() - job.receivedAt().toEpochMilli()))
                    .append('}');
        }
        out.append(jobs.isEmpty() ? "],\n" : "\n],\n");
        out.append("\"totals\":{\"connections\":").append(s.connections());
        for (JobResult r : JobResult.values()) {
            out.append(",\"").append(r.label()).append("\":").append(s.count(r));
        }
        out.append(",\"bytes_in\":")
                .append(s.bytesIn())
                .append(",\"bytes_out\":")
                .append(s.bytesOut())
                .append("}}\n");
        return out.toString();
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
