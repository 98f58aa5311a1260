package org.jdistcc.daemon;

import ch.qos.logback.classic.Level;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.compilers.CompilerLocator;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.launch.Detach;
import org.jdistcc.daemon.launch.LogSetup;
import org.jdistcc.daemon.launch.Niceness;
import org.jdistcc.daemon.launch.PidFile;
import org.jdistcc.daemon.launch.UserSwitch;
import org.jdistcc.daemon.net.AccessList;
import org.jdistcc.daemon.net.ClientConnection;
import org.jdistcc.daemon.net.Listener;
import org.jdistcc.daemon.net.SocketConnection;
import org.jdistcc.daemon.net.StreamConnection;
import org.jdistcc.daemon.serving.CompileJob;
import org.jdistcc.daemon.serving.DefaultSearchPaths;
import org.jdistcc.daemon.serving.JobDirs;
import org.jdistcc.daemon.serving.ServingConfig;
import org.jdistcc.daemon.serving.SourceModeCompile;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.ServerInfo;
import org.jdistcc.daemon.status.StatsServer;
import org.jdistcc.protocol.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The {@code distccd} entry point: parses options, leaves root, detaches, then serves either one
 * client on stdin ({@code --inetd}) or a listening socket until killed or {@code --lifetime}.
 */
public final class Main {
    /** Largest compiler stdout, and stderr, sent back per job. */
    private static final int MAX_CAPTURED_OUTPUT = 4 << 20;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the daemon; returns only when it is done (at once for bad options or --help). */
    static int run(String[] args) {
        var options = new DaemonOptions();
        var parser = new CommandLine(options);
        try {
            parser.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("distccd: ERROR: " + e.getMessage());
            System.err.println("Try 'distccd --help' for more information.");
            return ExitCode.BAD_ARGUMENTS.code();
        }
        if (options.help) {
            System.out.print(Version.text());
            System.out.println();
            parser.usage(new PrintWriter(System.out, true));
            return 0;
        }
        if (options.version) {
            System.out.print(Version.text());
            return 0;
        }
        String invalid = validate(options);
        if (invalid != null) {
            return fail(ExitCode.BAD_ARGUMENTS, invalid);
        }
        if (options.wizard) {
            options.noDetach = true;
            options.logStderr = true;
            options.verbose = true;
        }
        Channel inherited = inheritedChannel();
        boolean inetd = options.inetd || (!options.daemon && inherited instanceof SocketChannel);
        InetAddress listen;
        try {
            listen = options.listen == null ? null : InetAddress.getByName(options.listen);
        } catch (UnknownHostException e) {
            return fail(ExitCode.BAD_ARGUMENTS, "--listen " + options.listen + ": not an address");
        }
        AccessList access;
        try {
            access = AccessList.of(options.allow, options.allowPrivate);
        } catch (IllegalArgumentException e) {
            return fail(ExitCode.BAD_ARGUMENTS, "--allow: " + e.getMessage());
        }
        boolean tcp = !inetd || inherited instanceof SocketChannel;
        if (tcp && access.isEmpty()) {
            // distcc 3.4 warns and serves everyone here (fixed after 3.4); a volunteer must not.
            return fail(
                    ExitCode.BAD_ARGUMENTS,
                    "no --allow given: refusing to serve the whole network (use --allow CIDR or --allow-private)");
        }
        var whitelist =
                new CompilerWhitelist(options.whitelistDir, new HashSet<>(options.allowCompilers), options.insecure);
        if (!whitelist.allowsSomething()) {
            return fail(
                    ExitCode.COMPILER_MISSING,
                    options.whitelistDir + " is missing or empty and no --allow-compiler was given:"
                            + " no compiler could ever run");
        }
        Level level = LogSetup.level(options.verbose ? "debug" : options.logLevel);
        if (UserSwitch.isRoot()) {
            // Log to stderr only: a log file opened by root could not be reopened by the daemon.
            LogSetup.configure(null, level == null ? Level.INFO : level);
            Logger log = LoggerFactory.getLogger(Main.class);
            try {
                OptionalInt status = UserSwitch.dropRoot(options.user);
                return status.orElse(ExitCode.SETUID_FAILED.code());
            } catch (UserSwitch.UserSwitchException e) {
                log.error("{}", e.getMessage());
                return ExitCode.SETUID_FAILED.code();
            }
        }
        LogSetup.configure(options.logStderr ? null : options.logFile, level == null ? Level.INFO : level);
        Logger log = LoggerFactory.getLogger(Main.class);
        if (level == null) {
            log.warn("invalid --log-level argument \"{}\"", options.logLevel);
        }
        if (options.user != null) {
            log.debug("--user is ignored when distccd is not run by root");
        }

        if (!inetd && !options.noDetach) {
            return Detach.detach(listen, options.port);
        }
        if (options.zeroconf) {
            log.warn("--zeroconf is not supported: this daemon does not register itself");
        }
        if (options.insecure) {
            log.warn("--enable-tcp-insecure: any compiler name found on the compiler path may run");
        }

        String searchPath = System.getenv("DISTCCD_PATH");
        if (searchPath == null) {
            searchPath = System.getenv("PATH");
        }
        var locator = new CompilerLocator(searchPath, options.whitelistDir);
        // distcc's job files go to $TMPDIR (default /tmp); the JVM's java.io.tmpdir ignores it.
        String tmp = System.getenv("TMPDIR");
        var jobDirs = new JobDirs(Path.of(tmp == null || tmp.isEmpty() ? "/tmp" : tmp));
        Runtime.getRuntime().addShutdownHook(new Thread(jobDirs::abandonAll, "job-cleanup"));
        int jobs = options.jobs != null ? options.jobs : Runtime.getRuntime().availableProcessors() + 2;
        int listenPort = options.port;
        var stats = new DaemonStats(new ServerInfo(
                Version.NUMBER,
                listen == null ? "*" : listen.getHostAddress(),
                listenPort,
                jobs,
                List.of("none", "lzo", "lz4"),
                access.allowed().stream().map(Object::toString).toList(),
                jobDirs.base()));
        var config = new ServingConfig(
                new Limits(
                        options.maxArgs,
                        Limits.DEFAULT.maxArgLength(),
                        DaemonOptions.parseSize(options.maxSourceSize),
                        Limits.DEFAULT.maxFiles(),
                        Limits.DEFAULT.maxNameLength()),
                Duration.ofSeconds(options.requestTimeout),
                Duration.ofSeconds(options.jobLifetime),
                whitelist,
                locator,
                new CompilerRunner(locator.searchPath()),
                new Semaphore(jobs, true),
                jobDirs,
                MAX_CAPTURED_OUTPUT,
                new SourceModeCompile(
                        new DefaultSearchPaths(),
                        String.join(
                                ":",
                                locator.searchPath().stream()
                                        .map(Object::toString)
                                        .toList())),
                stats);
        if (options.pidFile != null) {
            try {
                PidFile.write(options.pidFile);
            } catch (IOException e) {
                log.error("cannot write --pid-file {}: {}", options.pidFile, e.getMessage());
                return ExitCode.GENERAL.code();
            }
        }
        if (options.lifetime > 0) {
            Thread.ofVirtual().name("lifetime").start(() -> {
                try {
                    Thread.sleep(Duration.ofSeconds(options.lifetime));
                } catch (InterruptedException e) {
                    return;
                }
                log.info("--lifetime of {} s reached, exiting", options.lifetime);
                System.exit(0);
            });
        }
        try {
            Niceness.lower(options.nice);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot lower the daemon's priority by --nice {}: {}", options.nice, e.getMessage());
        }
        if (inetd) {
            return serveInetd(config, access, inherited, options, log);
        }
        var address =
                listen == null ? new InetSocketAddress(options.port) : new InetSocketAddress(listen, options.port);
        StatsServer statsServer = null;
        if (options.stats) {
            try {
                statsServer = StatsServer.start(
                        listen == null ? InetAddress.getLoopbackAddress() : listen,
                        options.statsPort,
                        access::allows,
                        stats);
                log.info(
                        "statistics on http://{}:{}/ (also /metrics, /status)",
                        listen == null ? "127.0.0.1" : listen.getHostAddress(),
                        statsServer.port());
            } catch (IOException e) {
                log.error("cannot serve --stats on port {}: {}", options.statsPort, e.getMessage());
                return ExitCode.BIND_FAILED.code();
            }
        }
        try (var listener = Listener.bind(
                        address, access, options.maxConnections, (c, n) -> CompileJob.serve(config, c, n));
                var closeStats = statsServer) {
            log.info(
                    "listening on {}:{}; {} compile slots, {} connections; allowing {}; compiler path {}",
                    listen == null ? "*" : listen.getHostAddress(),
                    listener.port(),
                    jobs,
                    options.maxConnections,
                    access.allowed(),
                    locator.searchPath());
            listener.serve();
            return 0;
        } catch (IOException e) {
            log.error("cannot listen on {}: {}", address, e.getMessage());
            return ExitCode.BIND_FAILED.code();
        }
    }

    /** One client on stdin/stdout, as inetd or ssh hands it over. */
    private static int serveInetd(
            ServingConfig config, AccessList access, Channel inherited, DaemonOptions options, Logger log) {
        // A pipe has no read timeout: bound the whole process instead.
        long bound = options.requestTimeout + (long) options.jobLifetime + 30;
        Thread.ofVirtual().name("inetd-bound").start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(bound));
            } catch (InterruptedException e) {
                return;
            }
            log.warn("inetd job still running after {} s, exiting", bound);
            System.exit(ExitCode.TIMEOUT.code());
        });
        try (ClientConnection connection = connectionOf(inherited)) {
            if (inherited instanceof SocketChannel channel
                    && !access.allows(((InetSocketAddress) channel.getRemoteAddress()).getAddress())) {
                log.warn("inetd client {} refused: not in the --allow list", connection.peer());
                connection.abort();
                return ExitCode.ACCESS_DENIED.code();
            }
            CompileJob.serve(config, connection, 1);
            return 0;
        } catch (IOException e) {
            log.warn("inetd client: {}", e.toString());
            return ExitCode.IO_ERROR.code();
        }
    }

    private static ClientConnection connectionOf(Channel inherited) throws IOException {
        if (inherited instanceof SocketChannel channel) {
            return new SocketConnection(channel.socket());
        }
        return new StreamConnection(
                new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), "stdin");
    }

    private static int fail(ExitCode code, String message) {
        System.err.println("distccd: ERROR: " + message);
        return code.code();
    }

    private static Channel inheritedChannel() {
        try {
            return System.inheritedChannel();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static String validate(DaemonOptions o) {
        if (o.jobs != null && (o.jobs < 1 || o.jobs > 200)) {
            return "--jobs argument must be between 1 and 200";
        }
        if (o.port < 1 || o.port > 65535) {
            return "--port must be between 1 and 65535";
        }
        if (o.nice < 0 || o.nice > 20) {
            return "--nice must be between 0 and 20";
        }
        if (o.maxConnections < 1) {
            return "--max-connections must be at least 1";
        }
        if (o.requestTimeout < 1) {
            return "--request-timeout must be at least 1 second";
        }
        if (o.jobLifetime < 0) {
            o.jobLifetime = 0;
        }
        if (o.maxArgs < 2) {
            return "--max-args must be at least 2";
        }
        try {
            DaemonOptions.parseSize(o.maxSourceSize);
        } catch (NumberFormatException | ArithmeticException e) {
            return "--max-source-size: not a size: " + o.maxSourceSize;
        }
        if (o.inetd && o.daemon) {
            return "--inetd and --daemon exclude each other";
        }
        return null;
    }
}
