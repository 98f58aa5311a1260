package org.jdistcc.client;

import java.io.IOException;
import java.time.ZoneId;
import org.jdistcc.client.stats.StatsFile;
import org.jdistcc.client.stats.StatsReport;
import org.jdistcc.common.ExitCode;

/** {@code distcc --show-stats} and {@code --zero-stats}: the client's totals in {@code $DISTCC_DIR/stats}. */
final class StatsCommand {
    private StatsCommand() {}

    static int show(ClientPaths paths) {
        var file = new StatsFile(paths.statsFile());
        long now = System.currentTimeMillis();
        try {
            System.out.print(StatsReport.format(file.read(now), file.path(), now, ZoneId.systemDefault()));
            return 0;
        } catch (IOException e) {
            return Main.fail(ExitCode.IO_ERROR, "cannot read " + file.path() + ": " + e.getMessage());
        }
    }

    static int zero(ClientPaths paths) {
        var file = new StatsFile(paths.statsFile());
        try {
            file.zero(System.currentTimeMillis());
            System.out.println("Statistics zeroed");
            return 0;
        } catch (IOException e) {
            return Main.fail(ExitCode.IO_ERROR, "cannot write " + file.path() + ": " + e.getMessage());
        }
    }
}
