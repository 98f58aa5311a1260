package org.jdistcc.daemon.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's end of {@code /dev/log}, against a real datagram socket the test binds. */
class SyslogSocketTest {
    @TempDir
    Path dir;

    @Test
    void sendsOneDatagramPerMessage() throws Exception {
        try (var syslog = SyslogReceiver.bind(dir.resolve("log"));
                var socket = SyslogSocket.connect(syslog.path())) {
            assertTrue(socket.send(bytes("<30>first")));
            assertTrue(socket.send(bytes("<27>second\nwith a second line")));
            syslog.await(m -> m.startsWith("<27>"), Duration.ofSeconds(10));
            assertEquals(List.of("<30>first", "<27>second\nwith a second line"), syslog.messages());
        }
    }

    @Test
    void reconnectsOnceTheSyslogDaemonIsBack() throws Exception {
        Path path = dir.resolve("log");
        var first = SyslogReceiver.bind(path);
        try (var socket = SyslogSocket.connect(path)) {
            first.close();
            assertFalse(socket.send(bytes("while syslog restarts")), "sent to nobody");
            try (var second = SyslogReceiver.bind(path)) {
                assertTrue(socket.send(bytes("after the restart")));
                assertEquals("after the restart", second.await(m -> true, Duration.ofSeconds(10)));
            }
        }
    }

    @Test
    void saysWhyWhenNothingListens() {
        var e = assertThrows(IOException.class, () -> SyslogSocket.connect(dir.resolve("none")));
        assertEquals("cannot connect to " + dir.resolve("none") + ": no such file", e.getMessage());
    }

    @Test
    void formatsMessagesAsGlibcSyslogDoesForDistccd() {
        Instant when = Instant.parse("2026-01-05T09:04:03Z");
        assertEquals(
                "<30>Jan  5 09:04:03 distccd[4242]: job 1 client=stdin outcome=ok",
                text(SyslogAppender.line(6, when, ZoneOffset.UTC, 4242, "job 1 client=stdin outcome=ok\n")));
        assertEquals(
                "<27>Nov 30 23:59:59 distccd[7]: cannot listen",
                text(SyslogAppender.line(
                        3, Instant.parse("2026-11-30T23:59:59Z"), ZoneOffset.UTC, 7, "cannot listen")));
    }

    @Test
    void mapsLevelsToSyslogSeverities() {
        assertEquals(3, SyslogAppender.severity(Level.ERROR));
        assertEquals(4, SyslogAppender.severity(Level.WARN));
        assertEquals(6, SyslogAppender.severity(Level.INFO));
        assertEquals(7, SyslogAppender.severity(Level.DEBUG));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
