package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelloWireTest {
    static MessageReader reader(byte[] bytes) {
        return new MessageReader(new ByteArrayInputStream(bytes), Limits.DEFAULT);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aHelloIsDistAloneAndAnswersDoneAndFacts() throws Exception {
        var request = new ByteArrayOutputStream();
        MessageWriter.writeRequest(request, new Request(ProtocolVersion.HELLO, List.of()));
        assertEquals("DIST6a640008", request.toString(StandardCharsets.US_ASCII));
        Request read = reader(request.toByteArray()).readRequest();
        assertTrue(read.version().isHello());
        assertEquals(List.of(), read.argv());

        var answer = new ByteArrayOutputStream();
        MessageWriter.writeHello(
                answer, new Hello(ProtocolVersion.ALL_FEATURES, Map.of("version", "0.1.0", "jobs", "4")));
        assertEquals("DONE6a6400bfHELO00000015jobs=4\nversion=0.1.0\n", answer.toString(StandardCharsets.US_ASCII));
        Hello hello = reader(answer.toByteArray()).readHello();
        assertEquals(ProtocolVersion.ALL_FEATURES, hello.served());
        assertEquals(Map.of("version", "0.1.0", "jobs", "4"), hello.facts());
    }

    /** distcc 3.4's daemon closes on a DIST above 3: the client reads the end of the stream. */
    @Test
    void aDistccDaemonsSilenceIsTruncation() {
        var e = assertThrows(ProtocolException.class, () -> reader(new byte[0]).readHello());
        assertEquals(ProtocolException.Kind.TRUNCATED, e.kind());
    }

    @Test
    void anEarlierJdistccsSourceModeIsNotTakenForTodays() throws IOException {
        Hello hello = reader(ascii("DONE6a64000fHELO00000000")).readHello();
        assertEquals(
                ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4
                        | ProtocolVersion.FEATURE_SIDE_FILES
                        | ProtocolVersion.FEATURE_HELLO),
                hello.served());
    }

    @Test
    void anAnswerWithoutTheMagicOrWithTooManyFactsIsRefused() {
        var plain = assertThrows(
                ProtocolException.class,
                () -> reader(ascii("DONE00000001HELO00000000")).readHello());
        assertEquals(ProtocolException.Kind.BAD_VERSION, plain.kind());
        var big = assertThrows(
                ProtocolException.class,
                () -> reader(ascii("DONE6a64001fHELO00100000")).readHello());
        assertEquals(ProtocolException.Kind.TOO_LARGE, big.kind());
    }

    @Test
    void aWaitIsDistAloneAndNeitherItNorAHelloComesWithAJobsFeatures() throws IOException {
        var request = new ByteArrayOutputStream();
        MessageWriter.writeRequest(request, new Request(ProtocolVersion.WAIT, List.of()));
        assertEquals("DIST6a640040", request.toString(StandardCharsets.US_ASCII));
        Request read = reader(request.toByteArray()).readRequest();
        assertTrue(read.version().isWait());
        assertEquals(List.of(), read.argv());

        for (String mixed : List.of("DIST6a640041", "DIST6a640009", "DIST6a640048")) {
            var e = assertThrows(
                    ProtocolException.class, () -> reader(ascii(mixed)).readRequest(), mixed);
            assertEquals(ProtocolException.Kind.BAD_VERSION, e.kind(), mixed);
        }
    }

    /** A later daemon may serve more than we know: a hello is still a jdistcc daemon's, less those bits. */
    @Test
    void featuresOfALaterVersionAreDroppedFromAHello() throws IOException {
        Hello hello = reader(ascii("DONE6a64800bHELO00000000")).readHello();
        assertEquals(
                ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4
                        | ProtocolVersion.FEATURE_SIDE_FILES
                        | ProtocolVersion.FEATURE_HELLO),
                hello.served());
        assertEquals(ProtocolVersion.jdistcc(0xbf), ProtocolVersion.ALL_FEATURES, "the room is a fact, not a bit");
    }
}
