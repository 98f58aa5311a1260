package org.jdistcc.client.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.job.TestJob;
import org.jdistcc.client.scheduling.Backoff;
import org.jdistcc.client.scheduling.KnownVolunteers;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volunteer remembered as jdistcc that closed a job unanswered is taken for distcc 3.4's daemon
 * only when a hello gets no answer either (as distcc 3.4 closes it); one that answers it, and one
 * the host list marks as jdistcc, stay what they were.
 */
class TurnedDistccTest {
    @TempDir
    Path dir;

    final List<ServerSocket> servers = new ArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    @AfterEach
    void close() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    /** Reads each request's 12-byte head, then answers a hello as jdistcc's daemon does, or closes. */
    private HostSpec.Tcp volunteer(boolean answersHello, Compression marker) throws IOException {
        var server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        servers.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                    InputStream in = s.getInputStream();
                    in.readNBytes(12);
                    if (answersHello) {
                        MessageWriter.writeHello(
                                s.getOutputStream(), new Hello(ProtocolVersion.ALL_FEATURES, Map.of("jobs", "2")));
                        s.getOutputStream().flush();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new HostSpec.Tcp("127.0.0.1", server.getLocalPort(), 2, marker, false);
    }

    @Test
    void onlyAVolunteerThatLeavesAHelloUnansweredIsTakenForDistcc() throws IOException {
        HostSpec.Tcp replaced = volunteer(false, Compression.NONE);
        HostSpec.Tcp answering = volunteer(true, Compression.NONE);
        HostSpec.Tcp marked = volunteer(false, Compression.LZ4);
        var known = new KnownVolunteers(dir, Clock.systemUTC());
        for (HostSpec h : List.of(replaced, answering, marked)) {
            known.remember(h, KnownVolunteers.Dialect.JDISTCC, ProtocolVersion.ALL_FEATURES.features(), Map.of());
        }
        var dialects = new HostDialects(known, null);
        Log log = Log.toStderr(new TestJob(dir, Map.of()));
        dialects.learn(
                new HostList(List.of(replaced, answering, marked), false, 2, 2),
                new Backoff(dir.resolve("lock"), Duration.ofSeconds(60), Clock.systemUTC()),
                null,
                log);
        Settings settings = Settings.from(Map.of("HOME", dir.toString()));

        assertTrue(dialects.turnedDistcc(replaced, settings, log));
        assertEquals(0, dialects.features(replaced), "its next job goes in distcc's dialect");
        assertEquals(KnownVolunteers.Dialect.DISTCC, known.get(replaced).dialect(), "and every client knows");

        assertFalse(dialects.turnedDistcc(answering, settings, log));
        assertTrue(dialects.speaks(answering, ProtocolVersion.FEATURE_LZ4), "still jdistcc");

        int before = connections.get();
        assertFalse(dialects.turnedDistcc(marked, settings, log));
        assertEquals(before, connections.get(), "a host marked ,lz4 is not asked");
    }
}
