package org.jdistcc.client;

import java.io.IOException;
import java.time.ZoneId;
import org.jdistcc.client.config.ClientPaths;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.stats.StatsFile;
import org.jdistcc.client.stats.StatsReport;
import org.jdistcc.common.ExitCode;

/** {@code distcc --show-stats} and {@code --zero-stats}: the client's totals in {@code $DISTCC_DIR/stats}. */
final class StatsCommand {
    private StatsCommand() {}

    /** Printed through the job: in the client agent, this process's stdout is nobody's. */
    static int show(JobContext job, ClientPaths paths) {
        var file = new StatsFile(paths.statsFile());
        long now = System.currentTimeMillis();
        try {
            return ClientCommand.print(
                    job, StatsReport.format(file.read(now), file.path(), now, ZoneId.systemDefault()));
        } catch (IOException e) {
            return ClientCommand.fail(job, ExitCode.IO_ERROR, "cannot read " + file.path() + ": " + e.getMessage());
        }
    }

    static int zero(JobContext job, ClientPaths paths) {
        var file = new StatsFile(paths.statsFile());
        try {
            file.zero(System.currentTimeMillis());
            return ClientCommand.print(job, "Statistics zeroed\n");
        } catch (IOException e) {
            return ClientCommand.fail(job, ExitCode.IO_ERROR, "cannot write " + file.path() + ": " + e.getMessage());
        }
    }
}
