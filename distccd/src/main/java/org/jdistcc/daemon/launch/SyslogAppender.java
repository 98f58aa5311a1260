package org.jdistcc.daemon.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The log as distcc 3.4 writes it without {@code --log-file}: {@code openlog("distccd", LOG_PID,
 * LOG_DAEMON)} then {@code syslog()} ({@code src/daemon.c: dcc_setup_real_log}). One datagram per
 * event in the form glibc's {@code syslog()} sends to {@code /dev/log}, {@code <PRI>Mmm dd
 * hh:mm:ss distccd[PID]: message} (RFC 3164 without the host name, which the local syslog daemon
 * adds), so journald and rsyslog file it under {@code distccd} with the daemon's pid.
 */
final class SyslogAppender extends AppenderBase<ILoggingEvent> {
    /** {@code LOG_DAEMON} (RFC 3164 facility 3). */
    private static final int FACILITY_DAEMON = 3;
    /** A bound on one message; journald and rsyslog accept more, a runaway stack trace is cut. */
    private static final int MAX_TEXT = 8 << 10;

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final SyslogSocket socket;
    private final long pid;
    private final PatternLayout layout = new PatternLayout();

    SyslogAppender(SyslogSocket socket, long pid) {
        this.socket = socket;
        this.pid = pid;
    }

    @Override
    public void start() {
        layout.setContext(getContext());
        layout.setPattern("%msg");
        layout.start();
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        layout.stop();
        socket.close();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String text = layout.doLayout(event);
        socket.send(line(severity(event.getLevel()), event.getInstant(), ZoneId.systemDefault(), pid, text));
    }

    /** The datagram for one message: {@code <PRI>Mmm dd hh:mm:ss distccd[PID]: text}. */
    static byte[] line(int severity, Instant when, ZoneId zone, long pid, String text) {
        String body = text.strip();
        if (body.length() > MAX_TEXT) {
            body = body.substring(0, MAX_TEXT);
        }
        String line = "<" + (FACILITY_DAEMON * 8 + severity) + ">" + TIMESTAMP.format(when.atZone(zone)) + " distccd["
                + pid + "]: " + body;
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 3164 severities, as distcc's {@code rs_log_*} levels map to them. */
    static int severity(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3; // LOG_ERR
            case Level.WARN_INT -> 4; // LOG_WARNING
            case Level.INFO_INT -> 6; // LOG_INFO
            default -> 7; // LOG_DEBUG
        };
    }
}
