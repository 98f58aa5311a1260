package org.jdistcc.daemon.compilers;

/**
 * What one sandboxed compiler process may use, as rlimits (each process of a compile has its own:
 * the driver, cc1, as). Zero means no limit.
 *
 * @param cpuSeconds {@code RLIMIT_CPU}: SIGXCPU at this many seconds of CPU time, SIGKILL a second later
 * @param memoryBytes {@code RLIMIT_AS}: allocations beyond this address space fail (cc1 then reports
 *     "out of memory" and exits)
 * @param fileBytes {@code RLIMIT_FSIZE}: largest file a compiler may write (object, assembly,
 *     stdout, stderr, temporaries); writing more kills it with SIGXFSZ
 */
public record CompilerLimits(long cpuSeconds, long memoryBytes, long fileBytes) {
    public CompilerLimits {
        if (cpuSeconds < 0 || memoryBytes < 0 || fileBytes < 0) {
            throw new IllegalArgumentException("negative limit");
        }
    }

    @Override
    public String toString() {
        return "CPU " + (cpuSeconds == 0 ? "unlimited" : cpuSeconds + " s") + ", memory " + size(memoryBytes)
                + ", file size " + size(fileBytes);
    }

    private static String size(long bytes) {
        if (bytes == 0) {
            return "unlimited";
        }
        return bytes % (1L << 30) == 0
                ? (bytes >> 30) + " GiB"
                : bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
