package org.jdistcc.daemon.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine-wide figures of distcc's {@code <distccstats>} page, read from Linux's {@code /proc}
 * the way distcc 3.4 reads them ({@code src/util.c}, {@code src/stats.c}). Where a file is missing
 * (not Linux) the figure is -1, as distcc reports it there.
 */
final class HostFigures {
    /** distcc samples disk traffic at most every 50 s ({@code dcc_stats_minutely_update}). */
    static final long IO_SAMPLE_MILLIS = 50_000;

    private final Path proc;
    private final Path sysBlock;
    private long ioSampleAt = -1;
    private long ioSampleSectors = -1;
    private int ioRate = -1;

    HostFigures(Path proc, Path sysBlock) {
        this.proc = proc;
        this.sysBlock = sysBlock;
    }

    static HostFigures linux() {
        return new HostFigures(Path.of("/proc"), Path.of("/sys/block"));
    }

    /** {@code /proc/loadavg}: the three load averages and the running-process count. */
    record Load(double load1, double load5, double load15, int running) {}

    Load load() {
        try {
            String[] w = Files.readString(proc.resolve("loadavg"), StandardCharsets.US_ASCII)
                    .trim()
                    .split("\\s+", -1);
            return new Load(
                    Double.parseDouble(w[0]),
                    Double.parseDouble(w[1]),
                    Double.parseDouble(w[2]),
                    Integer.parseInt(w[3].substring(0, w[3].indexOf('/'))));
        } catch (IOException | RuntimeException e) {
            return new Load(-1, -1, -1, -1);
        }
    }

    /**
     * {@code dcc_num_procstate_D}, {@code dcc_max_RSS} (KiB) and {@code dcc_max_RSS_name}: the
     * processes in uninterruptible sleep, and the largest resident process with its name in
     * parentheses, as {@code /proc/PID/stat} shows it.
     */
    record Processes(int inStateD, long maxRssKib, String maxRssName) {}

    Processes processes() {
        int stateD = 0;
        long maxRss = 0;
        String maxName = "";
        long pageKib = pageSizeBytes() / 1024;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, HostFigures::isPid)) {
            for (Path pid : pids) {
                String stat;
                try {
                    stat = Files.readString(pid.resolve("stat"), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                // "PID (comm) S ...": comm may hold spaces and parentheses, so cut at the last ')'.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String[] rest = stat.substring(close + 1).trim().split(" ", -1);
                if (rest.length < 22) {
                    continue;
                }
                if (rest[0].equals("D")) {
                    stateD++;
                }
                long rss = Long.parseLong(rest[21]) * pageKib; // field 24, rss in pages
                if (rss > maxRss) {
                    maxRss = rss;
                    maxName = stat.substring(open, close + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Processes(-1, -1, "none");
        }
        return new Processes(stateD, maxRss, maxName.isEmpty() ? "none" : maxName);
    }

    /**
     * {@code dcc_io_rate}: sectors read and written per second over the last sample period, on
     * whole disks (distcc counts only {@code sda}/{@code hda}; we count every disk in {@code
     * /sys/block} but loop, RAM, device-mapper and md devices, which would count twice). -1 until
     * two samples exist.
     */
    synchronized int ioRate(long nowMillis) {
        if (ioSampleAt >= 0 && nowMillis - ioSampleAt < IO_SAMPLE_MILLIS) {
            return ioRate;
        }
        long sectors = diskSectors();
        if (sectors < 0) {
            return ioRate;
        }
        if (ioSampleAt >= 0 && nowMillis > ioSampleAt) {
            ioRate = (int) Math.min(Integer.MAX_VALUE, (sectors - ioSampleSectors) * 1000 / (nowMillis - ioSampleAt));
        }
        ioSampleAt = nowMillis;
        ioSampleSectors = sectors;
        return ioRate;
    }

    private long diskSectors() {
        try {
            long total = 0;
            for (String line : Files.readAllLines(proc.resolve("diskstats"), StandardCharsets.US_ASCII)) {
                String[] w = line.trim().split("\\s+", -1);
                if (w.length < 10 || !isWholeDisk(w[2])) {
                    continue;
                }
                total += Long.parseLong(w[5]) + Long.parseLong(w[9]); // sectors read, sectors written
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private boolean isWholeDisk(String name) {
        if (name.startsWith("loop")
                || name.startsWith("ram")
                || name.startsWith("zram")
                || name.startsWith("dm-")
                || name.startsWith("md")) {
            return false;
        }
        return Files.isDirectory(sysBlock.resolve(name));
    }

    /** {@code dcc_free_space}: MiB available to unprivileged users where jobs run. */
    static long freeSpaceMib(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() / (1024 * 1024);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isPid(Path p) {
        String name = p.getFileName().toString();
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private long pageSize = -1;

    /**
     * The kernel's page size, which Java does not expose: our own resident size in KiB ({@code
     * VmRSS}) over our resident pages ({@code statm}), rounded to a power of two; 4 KiB if unknown.
     */
    private synchronized long pageSizeBytes() {
        if (pageSize > 0) {
            return pageSize;
        }
        pageSize = 4096;
        try {
            long pages = Long.parseLong(Files.readString(proc.resolve("self/statm"), StandardCharsets.US_ASCII)
                    .trim()
                    .split(" ", -1)[1]);
            for (String line : Files.readAllLines(proc.resolve("self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:") && pages > 0) {
                    long kib = Long.parseLong(line.substring(6).trim().split("\\s+", -1)[0]);
                    long estimate = kib * 1024 / pages;
                    long power = Long.highestOneBit(Math.max(4096, estimate + estimate / 4));
                    pageSize = power;
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep 4 KiB
        }
        return pageSize;
    }
}
