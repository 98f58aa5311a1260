package org.jdistcc.daemon;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.OptionalInt;
import org.jdistcc.common.ErrorLine;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.compilers.SandboxSetup;
import org.jdistcc.daemon.launch.Detach;
import org.jdistcc.daemon.launch.LogSetup;
import org.jdistcc.daemon.launch.Niceness;
import org.jdistcc.daemon.launch.PidFile;
import org.jdistcc.daemon.launch.UserSwitch;
import org.jdistcc.daemon.serving.ServingConfig;
import org.jdistcc.daemon.zeroconf.MdnsResponder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The {@code distccd} entry point: check the options ({@link CheckedOptions}), leave root, set up the
 * log, detach, build what jobs share ({@link Wiring}), then serve either one client on stdin ({@link
 * InetdServing}) or a listening socket until killed or {@code --lifetime} ({@link TcpServing}).
 */
public final class Main {
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
            int code = fail(ExitCode.BAD_ARGUMENTS, e.getMessage());
            System.err.println("Try 'distccd --help' for more information.");
            return code;
        }
        if (options.help) {
            System.out.print(Version.text());
            System.out.println();
            parser.usage(new PrintWriter(System.out, true, System.out.charset()));
            return 0;
        }
        if (options.version) {
            System.out.print(Version.text());
            return 0;
        }
        if (options.transport.showKey && options.transport.hostKey != null) {
            return TransportSetup.showKey(options.transport);
        }
        CheckedOptions checked;
        try {
            checked = CheckedOptions.of(options, inheritedChannel());
        } catch (CheckedOptions.Invalid e) {
            return fail(e.exitCode(), e.getMessage());
        }
        Level level = LogSetup.level(options.verbose ? "debug" : options.logLevel);
        if (UserSwitch.isRoot()) {
            return leaveRoot(options, level);
        }
        try {
            startLog(checked, level == null ? Level.INFO : level);
        } catch (IOException e) {
            return fail(
                    ExitCode.IO_ERROR,
                    "cannot write --log-file " + e.getMessage() + " as user " + System.getProperty("user.name"));
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        if (level == null) {
            log.warn("invalid --log-level argument \"{}\"", options.logLevel);
        }
        if (options.user != null) {
            log.debug("--user is ignored when distccd is not run by root");
        }
        if (!checked.inetd() && !options.noDetach) {
            warnIfTheLogIsLost(options);
            return Detach.detach(checked.listen(), options.port);
        }
        if (options.insecure) {
            log.warn("--enable-tcp-insecure: any compiler name found on the compiler path may run");
        }
        ServingConfig config;
        try {
            config = Wiring.servingConfig(checked, log);
        } catch (SandboxSetup.Unavailable e) {
            // distcc's code for a daemon that cannot give up privileges: the sandbox is how it gives up
            // its user's files and network for the compilers.
            log.error("not starting: {}", e.getMessage());
            return ExitCode.SETUID_FAILED.code();
        } catch (CheckedOptions.Invalid e) {
            log.error("{}", e.getMessage());
            return e.exitCode().code();
        } catch (IOException e) {
            log.error("cannot start: {}", Wiring.problem(e));
            return ExitCode.GENERAL.code();
        }
        log.info("job directories in {}", config.jobDirs().base());
        if (config.cache() != null) {
            log.info("result cache: {}", config.cache().describe());
            config.stats().cache(config.cache().describe(), config.cache()::errors, config.cache()::localBytes);
        }
        if (options.pidFile != null) {
            try {
                PidFile.write(options.pidFile);
            } catch (IOException e) {
                log.error("cannot write --pid-file {}: {}", options.pidFile, e.getMessage());
                return ExitCode.GENERAL.code();
            }
        }
        if (options.lifetime > 0) {
            exitAfter(options.lifetime, log);
        }
        try {
            Niceness.lower(options.nice);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot lower the daemon's priority by --nice {}: {}", options.nice, e.getMessage());
        }
        if (options.zeroconf) {
            announce(checked, log);
        }
        return checked.inetd() ? InetdServing.serve(config, checked) : TcpServing.serve(config, checked);
    }

    /**
     * {@code --zeroconf}: announced over mDNS as distcc 3.4's daemon is, until the daemon exits
     * (a goodbye then). Not being announced is a warning: the daemon serves those who list it.
     */
    private static void announce(CheckedOptions checked, Logger log) {
        DaemonOptions options = checked.options();
        if (checked.inetd()) {
            log.warn("--zeroconf is ignored with --inetd: the port is inetd's, not this daemon's");
            return;
        }
        try {
            var responder = MdnsResponder.start(new MdnsResponder.Announcement(
                    options.port,
                    Runtime.getRuntime().availableProcessors(),
                    Wiring.compileSlots(options),
                    Version.NUMBER,
                    checked.listen(),
                    "cc"));
            Runtime.getRuntime().addShutdownHook(new Thread(responder::close, "mdns-goodbye"));
        } catch (IOException e) {
            log.warn("--zeroconf: not announced: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * As root, the daemon runs again as {@code --user} and waits for it: the returned code is that
     * run's. Logs to stderr only: the log file is opened by the daemon, as the user it runs as.
     */
    private static int leaveRoot(DaemonOptions options, Level level) {
        LogSetup.toStderr(level == null ? Level.INFO : level);
        try {
            OptionalInt status = UserSwitch.dropRoot(options.user);
            return status.orElse(ExitCode.SETUID_FAILED.code());
        } catch (UserSwitch.UserSwitchException e) {
            LoggerFactory.getLogger(Main.class).error("{}", e.getMessage());
            return ExitCode.SETUID_FAILED.code();
        }
    }

    /**
     * Where the log goes, as distcc 3.4's {@code dcc_setup_real_log}: {@code --log-stderr}, else
     * {@code --log-file}, else syslog. Unlike 3.4, a log file that cannot be written stops the
     * daemon (3.4 falls back to syslog, where nobody looks for it), and a daemon in the foreground
     * ({@code --no-detach}, not {@code --inetd}) logs to stderr, where systemd and a terminal read it.
     */
    private static void startLog(CheckedOptions checked, Level level) throws IOException {
        DaemonOptions options = checked.options();
        if (options.logStderr) {
            LogSetup.toStderr(level);
        } else if (options.logFile != null) {
            LogSetup.toFile(options.logFile, level);
        } else if (options.detached || checked.inetd()) {
            // Detached, stderr is /dev/null; under --inetd it may be the client's socket or ssh's channel.
            LogSetup.toSyslog(options.syslogSocket, level);
        } else {
            LogSetup.toStderr(level);
        }
    }

    /** Before detaching: a daemon that will log to syslog, with no syslog listening, says so while it can. */
    private static void warnIfTheLogIsLost(DaemonOptions options) {
        if (options.logFile == null && !options.logStderr) {
            String problem = LogSetup.syslogProblem(options.syslogSocket);
            if (problem != null) {
                LoggerFactory.getLogger(Main.class)
                        .warn("the detached daemon logs to syslog, and {}: its log is lost (give --log-file)", problem);
            }
        }
    }

    /** {@code --lifetime}: the whole daemon exits after this long, busy or not, as distcc 3.4's. */
    private static void exitAfter(int seconds, Logger log) {
        Thread.ofVirtual().name("lifetime").start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(seconds));
            } catch (InterruptedException e) {
                return;
            }
            log.info("--lifetime of {} s reached, exiting", seconds);
            System.exit(0);
        });
    }

    /** Writes distcc's error line for a daemon that does not start, and returns its exit code. */
    private static int fail(ExitCode code, String message) {
        System.err.print(ErrorLine.withoutPid("distccd", message));
        return code.code();
    }

    private static Channel inheritedChannel() {
        try {
            return System.inheritedChannel();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
