package org.jdistcc.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdistcc.daemon.compilers.SandboxSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line: distcc 3.4's {@code distccd} options ({@code src/dopt.c}) and jdistcc's own
 * limits. Options distcc 3.4 has that do nothing here are still accepted, so existing init
 * scripts and {@code /etc/default/distcc} lines keep working.
 */
@Command(
        name = "distccd",
        sortOptions = false,
        usageHelpWidth = 100,
        description = "Compiles jobs sent by distcc clients (distcc 3.4 wire protocol).%n",
        footer = {
            "%nWithout --inetd or --daemon, distccd serves stdin when it is a socket, else listens.",
            "See docs/daemon.md and docs/security.md."
        })
final class DaemonOptions {
    static final int DEFAULT_PORT = 3632;

    @Option(names = "--help", description = "explain usage and exit")
    boolean help;

    @Option(names = "--version", description = "show version and exit")
    boolean version;

    @Option(
            names = {"-P", "--pid-file"},
            paramLabel = "FILE",
            description = "save daemon process id to file")
    Path pidFile;

    @Option(
            names = {"-N", "--nice"},
            paramLabel = "LEVEL",
            description = "lower the priority of the daemon and its compilers (default 5)")
    int nice = 5;

    @Option(
            names = "--user",
            paramLabel = "USER",
            description = "if run by root, switch to this user (default distcc, else nobody)")
    String user;

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "LIMIT",
            description = "compilers at once (default CPUs + 2)")
    Integer jobs;

    @Option(
            names = "--job-lifetime",
            paramLabel = "SECONDS",
            description = "kill a compile after this long; 0 = never (default 300)")
    int jobLifetime = 300;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            description = "TCP port to listen on (default 3632)")
    int port = DEFAULT_PORT;

    @Option(names = "--listen", paramLabel = "ADDRESS", description = "IP address to listen on (default: all)")
    String listen;

    @Option(
            names = {"-a", "--allow"},
            paramLabel = "IP[/BITS]",
            description = "client addresses allowed to connect (repeatable; required)")
    List<String> allow = new ArrayList<>();

    @Option(names = "--allow-private", description = "allow loopback and the private networks")
    boolean allowPrivate;

    @Option(
            names = "--stats",
            description = "serve statistics over HTTP (/, /metrics, /status) on the stats port, on the"
                    + " --listen address (default: all), to --allow'ed clients")
    boolean stats;

    @Option(names = "--stats-port", paramLabel = "PORT", description = "port for --stats (default 3633)")
    int statsPort = 3633;

    @Option(
            names = "--zeroconf",
            description = "announce this volunteer over mDNS/DNS-SD (_distcc._tcp), as distcc 3.4")
    boolean zeroconf;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            description = "critical, error, warning, notice, info or debug (default notice)")
    String logLevel;

    @Option(names = "--verbose", description = "set log level to debug")
    boolean verbose;

    @Option(names = "--no-detach", description = "stay in the foreground (systemd, tests)")
    boolean noDetach;

    @Option(names = "--no-fork", description = "accepted; jobs always run on threads")
    boolean noFork;

    @Option(names = "--fifo", negatable = true, description = "feed preprocessed sources to compilers by named pipe")
    boolean fifo;

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            description = "write the log here (the daemon's user must be able to write it)")
    Path logFile;

    @Option(
            names = "--log-stderr",
            description = "write the log to stderr (the default with --no-detach; detached or --inetd: syslog)")
    boolean logStderr;

    @Option(
            names = {"-W", "--wizard"},
            description = "--no-detach --log-stderr --verbose")
    boolean wizard;

    @Option(names = "--inetd", description = "serve the client connected to stdin")
    boolean inetd;

    @Option(names = "--daemon", description = "listen on a socket")
    boolean daemon;

    @Option(names = "--lifetime", paramLabel = "SECONDS", description = "exit after this long; 0 = never")
    int lifetime;

    @Option(
            names = {"--enable-tcp-insecure", "--make-me-a-botnet"},
            description = "run any bare compiler name found on DISTCCD_PATH, not only whitelisted ones")
    boolean insecure;

    @Option(
            names = "--allow-compiler",
            paramLabel = "NAME",
            description = "also allow this bare compiler name (repeatable)")
    List<String> allowCompilers = new ArrayList<>();

    @Option(
            names = "--whitelist-dir",
            paramLabel = "DIR",
            description = "compiler names allowed are the executables here (default /usr/lib/distcc)")
    Path whitelistDir = Path.of("/usr/lib/distcc");

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            description = "connections open at once, idle or not (default 128)")
    int maxConnections = 128;

    @Option(
            names = "--request-timeout",
            paramLabel = "SECONDS",
            description = "time to receive a whole request (default 120)")
    int requestTimeout = 120;

    @Option(
            names = "--max-source-size",
            paramLabel = "BYTES",
            description = "largest preprocessed source accepted (default 64M; suffixes K, M, G)")
    String maxSourceSize = "64M";

    @Option(names = "--max-args", paramLabel = "N", description = "most compiler arguments accepted (default 1024)")
    int maxArgs = 1024;

    @Option(
            names = "--syslog-socket",
            paramLabel = "PATH",
            description = "the syslog daemon's datagram socket (default /dev/log)")
    Path syslogSocket = Path.of("/dev/log");

    /** Given by {@link org.jdistcc.daemon.launch.Detach} to the copy it starts: stdio is /dev/null. */
    @Option(names = "--detached", hidden = true)
    boolean detached;

    @Option(
            names = "--sandbox",
            paramLabel = "MODE",
            description = "run compilers in a sandbox: auto (bubblewrap, else distccd-sandbox), bwrap,"
                    + " namespaces (distccd-sandbox) or off (default auto)")
    String sandbox = "auto";

    @Option(
            names = "--sandbox-toolchain",
            paramLabel = "DIR",
            description = "also show sandboxed compilers this directory, read-only (repeatable; /usr is always)")
    List<Path> sandboxToolchain = new ArrayList<>();

    @Option(
            names = "--sandbox-helper",
            paramLabel = "FILE",
            description = "the distccd-sandbox program (default: the one installed with distccd)")
    Path sandboxHelper;

    @Option(
            names = "--max-compiler-cpu",
            paramLabel = "SECONDS",
            description = "CPU time of each sandboxed compiler process; 0 = unlimited (default: --job-lifetime)")
    Integer maxCompilerCpu;

    @Option(
            names = "--max-compiler-memory",
            paramLabel = "SIZE",
            description = "address space of each sandboxed compiler process; 0 = unlimited (default 4G)")
    String maxCompilerMemory = "4G";

    @Option(
            names = "--max-output-size",
            paramLabel = "SIZE",
            description = "largest file a sandboxed compiler may write; 0 = unlimited (default 1G)")
    String maxOutputSize = "1G";

    @Option(
            names = "--max-jobs-per-client",
            paramLabel = "N",
            description = "jobs one client address may have open at once; 0 = unlimited (default)")
    int maxJobsPerClient;

    @Option(
            names = "--max-bytes-per-minute",
            paramLabel = "SIZE",
            description = "bytes one client address may send per minute; 0 = unlimited (default)")
    String maxBytesPerMinute = "0";

    @Option(
            names = "--file-cache-dir",
            paramLabel = "DIR",
            description = "where the sources and headers jdistcc clients send are kept by digest, for every"
                    + " client (default $TMPDIR/jdistccd-cache-USER)")
    Path fileCacheDir;

    @Option(
            names = "--file-cache-size",
            paramLabel = "BYTES",
            description = "most bytes the file cache keeps; 0 keeps nothing (default 1G; suffixes K, M, G)")
    String fileCacheSize = "1G";

    @Option(
            names = "--file-cache-files",
            paramLabel = "N",
            description = "most files the file cache keeps (default 100000)")
    int fileCacheFiles = 100_000;

    @Option(
            names = "--file-cache-age",
            paramLabel = "DAYS",
            description = "files unused this long leave the file cache (default 30)")
    int fileCacheAge = 30;

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            description = "keep compile results here and answer the same job again from them")
    Path cacheDir;

    @Option(
            names = "--cache-size",
            paramLabel = "SIZE",
            description = "most bytes --cache-dir keeps, least recently used out first (default 1G; K, M, G)")
    String cacheSize;

    @Option(
            names = "--cache-url",
            paramLabel = "URL",
            description =
                    "also keep results in this Redis, shared by the farm: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]")
    String cacheUrl;

    @Option(
            names = "--cache-secret-file",
            paramLabel = "FILE",
            description = "sign and check cache entries with this file's secret (every volunteer of a farm the same)")
    Path cacheSecretFile;

    @Mixin
    TransportOptions transport = new TransportOptions();

    private static final int UNBOUNDED = Integer.MAX_VALUE;

    /**
     * What is wrong with the options taken alone, or null. A negative {@code --job-lifetime} is
     * taken as 0 (never), as distcc 3.4 takes it.
     */
    String problem() {
        jobLifetime = Math.max(jobLifetime, 0);
        for (String outOfRange : Arrays.asList(
                jobs == null ? null : range("--jobs argument", jobs, 1, 200),
                range("--port", port, 1, 65535),
                range("--stats-port", statsPort, 1, 65535),
                range("--nice", nice, 0, 20),
                range("--max-connections", maxConnections, 1, UNBOUNDED),
                range("--request-timeout", requestTimeout, 1, UNBOUNDED),
                range("--max-args", maxArgs, 2, UNBOUNDED),
                maxCompilerCpu == null ? null : range("--max-compiler-cpu", maxCompilerCpu, 0, UNBOUNDED),
                range("--max-jobs-per-client", maxJobsPerClient, 0, UNBOUNDED),
                range("--file-cache-files", fileCacheFiles, 0, UNBOUNDED),
                range("--file-cache-age", fileCacheAge, 1, 36500))) {
            if (outOfRange != null) {
                return outOfRange;
            }
        }
        try {
            parseSize(maxSourceSize);
        } catch (NumberFormatException | ArithmeticException e) {
            return "--max-source-size: not a size: " + maxSourceSize;
        }
        for (String[] size : new String[][] {
            {"--max-compiler-memory", maxCompilerMemory},
            {"--max-output-size", maxOutputSize},
            {"--max-bytes-per-minute", maxBytesPerMinute},
            {"--file-cache-size", fileCacheSize}
        }) {
            try {
                parseLimit(size[1]);
            } catch (NumberFormatException | ArithmeticException e) {
                return size[0] + ": not a size: " + size[1];
            }
        }
        if (SandboxSetup.Mode.parse(sandbox) == null) {
            return "--sandbox must be auto, bwrap, namespaces or off, not '" + sandbox + "'";
        }
        if (inetd && daemon) {
            return "--inetd and --daemon exclude each other";
        }
        return transport.problem() != null ? transport.problem() : cacheProblem();
    }

    /** What is wrong with the cache options, or null. */
    private String cacheProblem() {
        if (cacheSize != null) {
            if (cacheDir == null) {
                return "--cache-size needs --cache-dir";
            }
            try {
                if (parseSize(cacheSize) < 1 << 20) {
                    return "--cache-size must be at least 1M";
                }
            } catch (NumberFormatException | ArithmeticException e) {
                return "--cache-size: not a size: " + cacheSize;
            }
        }
        if (cacheUrl != null) {
            try {
                org.jdistcc.daemon.cache.RedisCache.Address.parse(cacheUrl);
            } catch (IllegalArgumentException e) {
                return "--cache-url: " + e.getMessage();
            }
        }
        if (cacheSecretFile != null && cacheDir == null && cacheUrl == null) {
            return "--cache-secret-file needs --cache-dir or --cache-url";
        }
        return null;
    }

    /** {@code --port must be between 1 and 65535}, {@code --max-args must be at least 2}, or null. */
    private static String range(String option, int value, int min, int max) {
        if (value >= min && value <= max) {
            return null;
        }
        return option + (max == UNBOUNDED ? " must be at least " + min : " must be between " + min + " and " + max);
    }

    /** A size as {@link #parseSize}, or 0 for no limit (or no cache: {@code --file-cache-size}). */
    static long parseLimit(String text) {
        return text.strip().equals("0") ? 0 : parseSize(text);
    }

    static long parseSize(String text) {
        String t = text.strip();
        long unit = 1;
        char last = t.isEmpty() ? ' ' : Character.toUpperCase(t.charAt(t.length() - 1));
        switch (last) {
            case 'K' -> unit = 1L << 10;
            case 'M' -> unit = 1L << 20;
            case 'G' -> unit = 1L << 30;
            default -> {}
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        long value = Long.parseLong(t);
        if (value < 1) {
            throw new NumberFormatException("must be positive: " + text);
        }
        return Math.multiplyExact(value, unit);
    }
}
