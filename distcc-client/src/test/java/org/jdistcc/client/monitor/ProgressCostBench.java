package org.jdistcc.client.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.client.stats.StatsFile;

/**
 * What monitoring adds to one remote compile: the state writes of its phases, the clean-up and the
 * stats update. Not a test: run by bench/monitoring-cost.sh, which prints the first (cold, class
 * loading included) compile and the mean of the following (warm) ones, with and without distcc's
 * own binstate file.
 */
public final class ProgressCostBench {
    private ProgressCostBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        boolean legacy = args.length < 2 || Boolean.parseBoolean(args[1]);
        Path dir = Files.createTempDirectory("jdistcc-cost");
        long cold = oneCompile(dir, legacy);
        long total = 0;
        for (int i = 0; i < rounds; i++) {
            total += oneCompile(dir, legacy);
        }
        System.out.printf(
                "binstate %-5s  first compile %7.1f us   then mean %6.1f us per compile (%d compiles)%n",
                legacy, cold / 1000.0, total / 1000.0 / rounds, rounds);
    }

    /** The calls DistributedCompile makes for one remote compile, timed. */
    static long oneCompile(Path dir, boolean legacy) {
        long start = System.nanoTime();
        long pid = ProcessHandle.current().pid();
        var progress = new JobProgress(
                new StateWriter(dir.resolve("state"), pid, legacy),
                new StatsFile(dir.resolve("stats")),
                JobProgress.Now.SYSTEM,
                pid);
        progress.phase(Phase.STARTUP);
        progress.source("src/hello.c");
        progress.host("10.0.0.2:3632", 0);
        progress.phase(Phase.PREPROCESS);
        progress.phase(Phase.CONNECT);
        progress.phase(Phase.SEND);
        progress.phase(Phase.COMPILE);
        progress.phase(Phase.RECEIVE);
        progress.remoteReplied(20_000, 3_000);
        progress.finish(0);
        return System.nanoTime() - start;
    }
}
