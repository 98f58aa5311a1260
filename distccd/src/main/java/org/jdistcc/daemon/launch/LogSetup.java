package org.jdistcc.daemon.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code: one appender, to {@code --log-file}, stderr or syslog; never stdout,
 * which carries the protocol under {@code --inetd}.
 */
public final class LogSetup {
    private LogSetup() {}

    /**
     * distcc's level names ({@code rs_loglevel_from_name}) and slf4j's. Null when unknown: distcc
     * 3.4 then warns and keeps the default.
     */
    public static Level level(String name) {
        if (name == null) {
            return Level.INFO;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "emerg", "alert", "crit", "critical", "err", "error" -> Level.ERROR;
            case "warning", "warn" -> Level.WARN;
            case "notice", "info" -> Level.INFO;
            case "debug", "trace" -> Level.DEBUG;
            default -> null;
        };
    }

    /** The log to stderr: {@code --log-stderr}, {@code --no-detach} without a log file, and root. */
    public static void toStderr(Level level) {
        var console = new ConsoleAppender<ILoggingEvent>();
        console.setTarget("System.err");
        install(withLineLayout(console), level);
    }

    /**
     * The log to {@code --log-file}, opened (created, appending) before anything else is logged
     * there, so that a daemon that cannot write its log does not start.
     *
     * @throws IOException when this process cannot open the file for writing
     */
    public static void toFile(Path logFile, Level level) throws IOException {
        OutputStream out;
        try {
            out = new FileOutputStream(logFile.toFile(), true);
        } catch (FileNotFoundException e) {
            // "PATH (Permission denied)", "PATH (No such file or directory)", "PATH (Is a directory)"
            throw new IOException(e.getMessage(), e);
        }
        var file = new OutputStreamAppender<ILoggingEvent>();
        file.setOutputStream(out);
        file.setImmediateFlush(true);
        install(withLineLayout(file), level);
    }

    /**
     * The log to syslog, as distcc 3.4's without {@code --log-file} ({@code openlog("distccd",
     * LOG_PID, LOG_DAEMON)}).
     *
     * @return false when nothing listens on {@code socket}: the log then goes nowhere, as glibc's
     *     {@code syslog()} drops it
     */
    public static boolean toSyslog(Path socket, Level level) {
        SyslogSocket connected;
        try {
            connected = SyslogSocket.connect(socket);
        } catch (IOException e) {
            install(null, level);
            return false;
        }
        install(new SyslogAppender(connected, ProcessHandle.current().pid()), level);
        return true;
    }

    /** Why nothing can be logged to {@code socket}, or null when a syslog daemon listens there. */
    public static String syslogProblem(Path socket) {
        try {
            SyslogSocket.connect(socket).close();
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static OutputStreamAppender<ILoggingEvent> withLineLayout(OutputStreamAppender<ILoggingEvent> appender) {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS} distccd["
                + ProcessHandle.current().pid() + "] %-5level %msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        return appender;
    }

    /** Replaces every appender by {@code appender} (none: the log is dropped). */
    private static void install(Appender<ILoggingEvent> appender, Level level) {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        if (appender != null) {
            appender.setContext(context);
            appender.setName("distccd");
            appender.start();
            root.addAppender(appender);
        }
    }
}
