package org.jdistcc.client.monitor;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdistcc.client.config.ClientPaths;
import org.jdistcc.client.stats.ClientStats;
import org.jdistcc.client.stats.StatsFile;
import org.jdistcc.client.stats.StatsReport;
import org.jdistcc.common.ExitCode;

/**
 * {@code distccmon-text [INTERVAL] [--count N] [--summary]}: the compiles running on this machine,
 * one line each, in Debian's columns (pid, phase, file, host[slot]) plus the time since the client
 * started and the input size; then how many finished in the last minute. With an INTERVAL
 * (seconds, may be fractional) it repeats until interrupted, or N times. {@code --summary} prints
 * one line for the whole build instead ({@link SummaryLine}), rewritten in place on a terminal.
 */
public final class MonitorMain {
    private MonitorMain() {}

    public static void main(String[] args) {
        System.exit(run(
                List.of(args),
                System.getenv(),
                System.out,
                System.err,
                Clock.systemUTC(),
                Terminal.stdoutIsTerminal()));
    }

    static int run(
            List<String> args,
            Map<String, String> env,
            PrintStream out,
            PrintStream err,
            Clock clock,
            boolean terminal) {
        double interval = 0;
        long count = -1;
        boolean summary = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            try {
                if (a.equals("--help") || a.equals("-h")) {
                    out.print(usage());
                    return 0;
                } else if (a.equals("--summary")) {
                    summary = true;
                } else if (a.equals("--count") && i + 1 < args.size()) {
                    count = Long.parseLong(args.get(++i));
                } else if (a.startsWith("--count=")) {
                    count = Long.parseLong(a.substring("--count=".length()));
                } else if (!a.startsWith("-") && interval == 0) {
                    interval = Double.parseDouble(a);
                    if (!(interval > 0) || interval > 86_400) {
                        throw new NumberFormatException();
                    }
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                err.print("distccmon-text: bad argument '" + a + "'\n" + usage());
                return ExitCode.BAD_ARGUMENTS.code();
            }
        }
        if (count < 0) {
            count = interval > 0 ? Long.MAX_VALUE : 1;
        }
        var paths = ClientPaths.from(env);
        var states = new StateDirectory(paths.stateDir(), clock);
        var stats = new StatsFile(paths.statsFile());
        var line = summary ? new SummaryLine() : null;
        boolean rewrite = summary && terminal;
        // Interrupted with ^C, the shell's prompt must not land on the status line.
        Runnable endLine = () -> {
            out.print('\n');
            out.flush();
        };
        Thread onInterrupt = new Thread(endLine);
        if (rewrite) {
            Runtime.getRuntime().addShutdownHook(onInterrupt);
        }
        try {
            return poll(count, interval, states, stats, line, rewrite, out, err, clock);
        } finally {
            if (rewrite) {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
                endLine.run();
            }
        }
    }

    private static int poll(
            long count,
            double interval,
            StateDirectory states,
            StatsFile stats,
            SummaryLine line,
            boolean rewrite,
            PrintStream out,
            PrintStream err,
            Clock clock) {
        for (long round = 0; round < count; round++) {
            if (round > 0) {
                try {
                    Thread.sleep((long) (interval * 1000));
                } catch (InterruptedException e) {
                    return 0;
                }
            }
            try {
                List<JobState> jobs = states.running();
                long now = clock.millis();
                ClientStats totals = totals(stats, now);
                if (line == null) {
                    out.print(render(jobs, totals == null ? 0 : totals.finishedInLastMinute(now), now));
                } else if (rewrite) {
                    out.print("\r" + line.render(jobs, totals, now) + SummaryLine.ERASE_TO_END);
                } else {
                    out.print(line.render(jobs, totals, now) + "\n");
                }
                out.flush();
            } catch (IOException e) {
                err.println("distccmon-text: cannot read " + states.dir() + ": " + e.getMessage());
                return ExitCode.IO_ERROR.code();
            }
        }
        return 0;
    }

    private static ClientStats totals(StatsFile stats, long now) {
        try {
            return stats.read(now);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * One poll: distccmon's {@code %6ld  %-10.10s  %-30.30s %24.24s[%d]} lines (scripts written
     * for distcc 3.4's {@code src/mon-text.c} read these columns), then jdistcc's elapsed time and
     * input size.
     */
    static String render(List<JobState> jobs, long finishedLastMinute, long nowMillis) {
        var out = new StringBuilder();
        for (JobState job : jobs) {
            out.append(String.format(
                    Locale.ROOT,
                    "%6d  %-10.10s  %-30.30s %24.24s[%s] %7.1fs %9s%n",
                    job.pid(),
                    job.phase().label(),
                    tail(job.file(), 30),
                    job.host(),
                    job.slot() < 0 ? "-" : Integer.toString(job.slot()),
                    Math.max(0, nowMillis - job.startedMillis()) / 1000.0,
                    size(job.size())));
        }
        out.append(String.format(
                Locale.ROOT, "-- %d running, %d finished in the last minute%n%n", jobs.size(), finishedLastMinute));
        return out.toString();
    }

    /** Bytes as {@code distcc --show-stats} prints them; "-" while unknown. */
    static String size(long bytes) {
        return bytes < 0 ? "-" : StatsReport.bytes(bytes);
    }

    /** The end of a long path: the file name matters more than its directories. */
    private static String tail(String s, int width) {
        return s.length() <= width ? s : s.substring(s.length() - width);
    }

    private static String usage() {
        return """
                usage: distccmon-text [INTERVAL] [--count N] [--summary]

                Shows the compiles running on this machine (from $DISTCC_DIR/state) and how many
                finished in the last minute. With INTERVAL, repeats every INTERVAL seconds
                (fractions allowed) until interrupted, or N times.

                --summary  one line for the whole build instead: compiles here, on volunteers and
                           waiting for one; done and failed since the monitor started; per minute.
                           On a terminal the line is rewritten in place.
                """;
    }
}
