package org.jdistcc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fake volunteer as a client sees it, over real loopback connections. */
class FakeVolunteerTest {
    private static final byte[] REQUEST = "DIST00000001ARGC00000001ARGV00000003gcc".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HELLO = "DIST6a640008".getBytes(StandardCharsets.US_ASCII);

    @Test
    void closesOnAHelloAsDistccDoesAndDoesNotCountIt() throws Exception {
        try (var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.SILENT);
                var socket = connect(volunteer)) {
            socket.getOutputStream().write(HELLO);
            assertEquals(-1, socket.getInputStream().read());
            assertEquals(0, volunteer.jobs());
        }
    }

    @Test
    void silentCountsTheJobAndNeverAnswersUntilClosed() throws Exception {
        var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.SILENT);
        try (var socket = connect(volunteer)) {
            socket.getOutputStream().write(REQUEST);
            socket.setSoTimeout(500);
            InputStream in = socket.getInputStream();
            assertThrows(SocketTimeoutException.class, in::read);
            awaitJobs(volunteer, 1);
            volunteer.close();
            socket.setSoTimeout(10_000);
            assertEquals(-1, in.read(), "close() ends the connection");
        }
    }

    @Test
    void wrongVersionAnswersAnotherProtocol() throws Exception {
        try (var volunteer = new FakeVolunteer(FakeVolunteer.Behaviour.WRONG_VERSION);
                var socket = connect(volunteer)) {
            socket.getOutputStream().write(REQUEST);
            socket.setSoTimeout(10_000);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals("DONE00000002STAT00000000", answer);
            assertEquals(1, volunteer.jobs());
        }
    }

    private static Socket connect(FakeVolunteer volunteer) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), volunteer.port());
    }

    private static void awaitJobs(FakeVolunteer volunteer, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (volunteer.jobs() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, volunteer.jobs());
    }
}
