package org.jdistcc.daemon.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code: one appender, to {@code --log-file} or stderr (never stdout, which
 * carries the protocol under {@code --inetd}). distcc's syslog default is not offered.
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

    public static void configure(Path logFile, Level level) {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS} distccd["
                + ProcessHandle.current().pid() + "] %-5level %msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (logFile != null) {
            var file = new FileAppender<ILoggingEvent>();
            file.setFile(logFile.toString());
            file.setAppend(true);
            file.setImmediateFlush(true);
            appender = file;
        } else {
            var console = new ConsoleAppender<ILoggingEvent>();
            console.setTarget("System.err");
            appender = console;
        }
        appender.setContext(context);
        appender.setName("distccd");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
    }
}
