package org.jdistcc.client.lsdistcc;

import java.util.List;
import org.jdistcc.client.remote.VolunteerProbe;
import org.jdistcc.common.JsonString;

/** One line of lsdistcc's answer. */
record HostReport(
        String host,
        String state,
        long latencyMillis,
        String server,
        String version,
        List<String> protocols,
        String detail,
        String compiler) {

    static final String TSV_HEADER = "#host\tstate\tlatency_ms\tserver\tversion\tprotocols\tdetail\tcompiler\n";

    static HostReport of(String entry, VolunteerProbe.Result r) {
        String state = switch (r.state()) {
            case UP -> "up";
            case NO_COMPILE -> "no-compile";
            case DOWN -> "down";
        };
        return new HostReport(
                entry, state, r.latencyMillis(), r.server(), r.version(), r.protocols(), r.detail(), r.compilerCheck());
    }

    static HostReport skipped(String entry, String why) {
        return new HostReport(entry, "skipped", -1, "", "", List.of(), why, "");
    }

    /** A header line (starting with #), then one tab-separated line per host; "-" for an empty field. */
    static String tsv(List<HostReport> reports) {
        var out = new StringBuilder(TSV_HEADER);
        for (HostReport r : reports) {
            out.append(field(r.host))
                    .append('\t')
                    .append(r.state)
                    .append('\t')
                    .append(r.latencyMillis < 0 ? "-" : Long.toString(r.latencyMillis))
                    .append('\t')
                    .append(field(r.server))
                    .append('\t')
                    .append(field(r.version))
                    .append('\t')
                    .append(r.protocols.isEmpty() ? "-" : String.join(",", r.protocols))
                    .append('\t')
                    .append(field(r.detail))
                    .append('\t')
                    .append(field(r.compiler))
                    .append('\n');
        }
        return out.toString();
    }

    static String json(List<HostReport> reports) {
        var out = new StringBuilder("[");
        for (int i = 0; i < reports.size(); i++) {
            HostReport r = reports.get(i);
            out.append(i == 0 ? "\n  {" : ",\n  {");
            out.append("\"host\":").append(quote(r.host));
            out.append(",\"state\":").append(quote(r.state));
            out.append(",\"latency_ms\":").append(r.latencyMillis < 0 ? "null" : Long.toString(r.latencyMillis));
            out.append(",\"server\":").append(r.server.isEmpty() ? "null" : quote(r.server));
            out.append(",\"version\":").append(r.version.isEmpty() ? "null" : quote(r.version));
            out.append(",\"protocols\":[");
            for (int p = 0; p < r.protocols.size(); p++) {
                out.append(p == 0 ? "" : ",").append(quote(r.protocols.get(p)));
            }
            out.append("],\"detail\":").append(r.detail.isEmpty() ? "null" : quote(r.detail));
            out.append(",\"compiler\":").append(r.compiler.isEmpty() ? "null" : quote(r.compiler));
            out.append('}');
        }
        return out.append(reports.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    /** Tabs and newlines would break the columns. */
    private static String field(String s) {
        if (s.isEmpty()) {
            return "-";
        }
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    static String quote(String s) {
        return JsonString.quote(s);
    }
}
