package org.jdistcc.daemon.status;

import java.util.Locale;

/**
 * The page Debian's {@code distccd --stats} serves on its stats port ({@code
 * dcc_service_stats_request} in {@code src/stats.c}), same names, order and number formats, so
 * scripts written for distcc read ours. Differences in meaning are in docs/monitoring.md.
 */
final class DistccStatsPage {
    private DistccStatsPage() {}

    static String render(Snapshot s, ServerInfo info, HostFigures host) {
        HostFigures.Load load = host.load();
        HostFigures.Processes procs = host.processes();
        var out = new StringBuilder(1024);
        out.append("argv /distccd\n<distccstats>\n");
        line(out, "dcc_tcp_accept", s.connections());
        line(out, JobResult.REJECTED_BAD_REQUEST.distccName(), s.count(JobResult.REJECTED_BAD_REQUEST));
        line(out, JobResult.REJECTED_OVERLOAD.distccName(), s.count(JobResult.REJECTED_OVERLOAD));
        line(out, JobResult.COMPILE_OK.distccName(), s.count(JobResult.COMPILE_OK));
        line(out, JobResult.COMPILE_ERROR.distccName(), s.count(JobResult.COMPILE_ERROR));
        line(out, JobResult.COMPILE_TIMEOUT.distccName(), s.count(JobResult.COMPILE_TIMEOUT));
        line(out, JobResult.CLIENT_DISCONNECTED.distccName(), s.count(JobResult.CLIENT_DISCONNECTED));
        line(out, JobResult.OTHER.distccName(), s.count(JobResult.OTHER));
        line(out, "dcc_longest_job", word(s.longestSource()));
        line(out, "dcc_longest_job_compiler", word(s.longestCompiler()));
        line(out, "dcc_longest_job_time_msecs", s.longestMillis());
        line(out, "dcc_max_kids", info.jobs());
        // distcc prints these averages with %d: truncated, not rounded.
        line(out, "dcc_avg_kids1", (long) s.averageRunning()[0]);
        line(out, "dcc_avg_kids2", (long) s.averageRunning()[1]);
        line(out, "dcc_avg_kids3", (long) s.averageRunning()[2]);
        line(out, "dcc_current_load", load.running());
        out.append(String.format(
                Locale.ROOT,
                "dcc_load1 %1.2f\ndcc_load2 %1.2f\ndcc_load3 %1.2f\n",
                load.load1(),
                load.load5(),
                load.load15()));
        line(out, "dcc_num_compiles1", s.compilesInWindows()[0]);
        line(out, "dcc_num_compiles2", s.compilesInWindows()[1]);
        line(out, "dcc_num_compiles3", s.compilesInWindows()[2]);
        line(out, "dcc_num_procstate_D", procs.inStateD());
        line(out, "dcc_max_RSS", procs.maxRssKib());
        line(out, "dcc_max_RSS_name", word(procs.maxRssName()));
        line(out, "dcc_io_rate", host.ioRate(s.now().toEpochMilli()));
        out.append("dcc_free_space ")
                .append(HostFigures.freeSpaceMib(info.tmpDir()))
                .append(" MB\n");
        out.append("</distccstats>\n");
        return out.toString();
    }

    private static void line(StringBuilder out, String name, long value) {
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(name).append(' ').append(value).append('\n');
    }

    /** A client's file name must not add lines to the page. */
    private static String word(String s) {
        return s.replace('\n', '?').replace('\r', '?');
    }
}
