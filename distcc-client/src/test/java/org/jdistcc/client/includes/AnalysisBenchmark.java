package org.jdistcc.client.includes;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jdistcc.common.args.CompilerCommand;

/**
 * Measures the include analysis of every C file of a project against {@code gcc -E} of the same
 * file with the same flags (what a plain distcc client runs for each compile): CPU per file, cold
 * (empty caches, files in order as a build meets them; the first pays for the compiler probe) and
 * warm (median of the rounds), with gcc run just before each warm analysis. Run by
 * bench/include-analysis.sh; not a test.
 *
 * <p>Usage: {@code AnalysisBenchmark DIRECTORY ROUNDS FLAG...}
 */
public final class AnalysisBenchmark {
    private AnalysisBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]).toRealPath();
        int rounds = Integer.parseInt(args[1]);
        List<String> flags = List.of(args).subList(2, args.length);
        List<String> sources;
        try (Stream<Path> list = Files.list(directory)) {
            sources = list.filter(p -> p.toString().endsWith(".c"))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var osBean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        // JIT warm-up on a throw-away instance, so "cold" measures empty caches, not an interpreter.
        IncludeAnalysis warmup = IncludeAnalysis.create();
        for (int i = 0; i < 20; i++) {
            for (String source : sources) {
                check(warmup.analyse(request(directory, source, flags)), source);
            }
        }

        IncludeAnalysis analysis = IncludeAnalysis.create();
        double[] cold = new double[sources.size()];
        for (int f = 0; f < sources.size(); f++) {
            long before = threads.getCurrentThreadCpuTime();
            check(analysis.analyse(request(directory, sources.get(f), flags)), sources.get(f));
            cold[f] = (threads.getCurrentThreadCpuTime() - before) / 1e6;
        }
        double[][] warm = new double[sources.size()][rounds];
        double[][] gcc = new double[sources.size()][rounds];
        double warmThreadTotal = 0;
        for (int r = 0; r < rounds; r++) {
            for (int f = 0; f < sources.size(); f++) {
                gcc[f][r] = gccCpuMillis(directory, sources.get(f), flags);
                long before = threads.getCurrentThreadCpuTime();
                check(analysis.analyse(request(directory, sources.get(f), flags)), sources.get(f));
                warm[f][r] = (threads.getCurrentThreadCpuTime() - before) / 1e6;
                warmThreadTotal += warm[f][r];
            }
        }
        // The JVM's whole CPU (GC and compiler threads too) for warm analyses alone, without starting gcc.
        long processBefore = osBean.getProcessCpuTime();
        for (int r = 0; r < rounds; r++) {
            for (String source : sources) {
                check(analysis.analyse(request(directory, source, flags)), source);
            }
        }
        double processMillis = (osBean.getProcessCpuTime() - processBefore) / 1e6;

        System.out.printf("%-14s %9s %9s %9s %9s%n", "file", "gcc -E", "cold", "warm", "warm/gcc");
        double gccTotal = 0;
        double coldTotal = 0;
        double warmTotal = 0;
        for (int f = 0; f < sources.size(); f++) {
            double g = median(gcc[f]);
            double w = median(warm[f]);
            gccTotal += g;
            coldTotal += cold[f];
            warmTotal += w;
            System.out.printf("%-14s %9.3f %9.3f %9.3f %9.3f%n", sources.get(f), g, cold[f], w, w / g);
        }
        System.out.printf(
                "%-14s %9.3f %9.3f %9.3f %9.3f%n", "total", gccTotal, coldTotal, warmTotal, warmTotal / gccTotal);
        System.out.printf(
                "CPU milliseconds per file (median of %d rounds, gcc and warm analysis interleaved);"
                        + " warm analysis with the JVM's GC and compiler threads: %.3f ms per file (%.3f of gcc -E)%n",
                rounds,
                processMillis / (rounds * sources.size()),
                processMillis / (rounds * sources.size()) / (gccTotal / sources.size()));
        System.out.printf("analysis thread CPU, warm rounds: %.1f ms in all%n", warmThreadTotal);
    }

    private static IncludeAnalysis.Request request(Path directory, String source, List<String> flags) {
        List<String> argv = new ArrayList<>(List.of("gcc", "-c", source, "-o", "/dev/null"));
        argv.addAll(flags);
        return new IncludeAnalysis.Request(CompilerCommand.parse(argv), Path.of("/usr/bin/gcc"), directory, Map.of());
    }

    private static void check(Result result, String source) {
        if (!(result instanceof Result.Inputs)) {
            throw new IllegalStateException(source + ": " + result);
        }
    }

    /** The CPU (user + system) of {@code gcc -E} and its cc1, from bash's {@code time} (getrusage). */
    private static double gccCpuMillis(Path directory, String source, List<String> flags)
            throws IOException, InterruptedException {
        String command = "TIMEFORMAT='%3U %3S'; time gcc " + String.join(" ", flags) + " -E " + source
                + " -o /dev/null 2>/dev/null";
        Process process = new ProcessBuilder("bash", "-c", command)
                .directory(directory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String times = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("gcc -E " + source + " failed");
        }
        String[] parts = times.substring(times.lastIndexOf('\n') + 1).split(" ", -1);
        return (Double.parseDouble(parts[0]) + Double.parseDouble(parts[1])) * 1000;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
