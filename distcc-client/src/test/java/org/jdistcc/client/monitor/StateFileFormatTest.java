package org.jdistcc.client.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StateFileFormatTest {
    /**
     * Written byte by byte from the layout in docs/monitoring.md, not with the encoder; the
     * checksum (32-bit FNV-1a of the bytes before it) was computed outside Java.
     */
    static byte[] handBuilt() {
        var b = new ByteArrayOutputStream();
        b.writeBytes(HexFormat.of().parseHex("4a445354")); // "JDST"
        b.write(1); // version
        b.write(5); // phase: Compile
        b.writeBytes(HexFormat.of().parseHex("004d")); // record length 77
        b.writeBytes(HexFormat.of().parseHex("00000000000040d5")); // pid 16597
        b.writeBytes(HexFormat.of().parseHex("0000019ad68dab40")); // started 1764536200000
        b.writeBytes(HexFormat.of().parseHex("0000019ad68daf28")); // phase since, 1000 ms later
        b.writeBytes(HexFormat.of().parseHex("00000002")); // slot 2
        b.writeBytes(HexFormat.of().parseHex("000c")); // 12 bytes of file name
        b.writeBytes("src/héllo.c".getBytes(StandardCharsets.UTF_8)); // é is two bytes
        b.writeBytes(HexFormat.of().parseHex("000d"));
        b.writeBytes("10.0.0.2:3632".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(HexFormat.of().parseHex("000000000000bc52")); // input size 48210
        b.writeBytes(HexFormat.of().parseHex("da158b59")); // FNV-1a
        return b.toByteArray();
    }

    /** The same state as the first writers wrote it: no input size, record length 69. */
    static byte[] handBuiltWithoutSize() {
        byte[] b = handBuilt();
        byte[] old = new byte[69];
        System.arraycopy(b, 0, old, 0, 65);
        old[7] = 69;
        System.arraycopy(HexFormat.of().parseHex("84883bd7"), 0, old, 65, 4); // FNV-1a of those 65 bytes
        return old;
    }

    @Test
    void readsHandBuiltBigEndianBytes() {
        byte[] bytes = handBuilt();
        JobState s = StateFileFormat.decode(bytes);
        assertEquals(16597, s.pid());
        assertEquals(Phase.COMPILE, s.phase());
        assertEquals("src/héllo.c", s.file());
        assertEquals("10.0.0.2:3632", s.host());
        assertEquals(2, s.slot());
        assertEquals(1764536200000L, s.startedMillis());
        assertEquals(1764536201000L, s.phaseSinceMillis());
        assertEquals(48210, s.size());
        assertArrayEquals(bytes, StateFileFormat.encode(s));
    }

    @Test
    void readsRecordsWrittenBeforeTheInputSizeAsSizeUnknown() {
        JobState s = StateFileFormat.decode(handBuiltWithoutSize());
        assertEquals(-1, s.size());
        assertEquals("10.0.0.2:3632", s.host());
        assertEquals(
                StateFileFormat.decode(handBuilt()),
                new JobState(
                        s.pid(),
                        s.phase(),
                        s.file(),
                        s.host(),
                        s.slot(),
                        s.startedMillis(),
                        s.phaseSinceMillis(),
                        48210));
    }

    @Test
    void skipsFieldsALaterVersionAddsInsideTheRecord() {
        byte[] now = handBuilt();
        byte[] later = new byte[now.length + 6];
        System.arraycopy(now, 0, later, 0, now.length - 4);
        later[7] = (byte) later.length; // six unknown bytes after the size
        java.nio.ByteBuffer.wrap(later).putInt(later.length - 4, StateFileFormat.checksum(later, later.length - 4));
        assertEquals(StateFileFormat.decode(now), StateFileFormat.decode(later));
    }

    @Test
    void refusesARecordCaughtMidUpdate() {
        byte[] bytes = handBuilt();
        bytes[40] = 'X'; // the file name changed, the checksum did not yet
        assertNull(StateFileFormat.decode(bytes));
        assertNull(StateFileFormat.decode(java.util.Arrays.copyOf(handBuilt(), 60))); // short read
    }

    @Test
    void ignoresWhatALongerEarlierRecordLeftBehind() {
        byte[] longer = StateFileFormat.encode(
                new JobState(7, Phase.PREPROCESS, "src/long/name.c", "a.long.host.name:3632", 1, 1, 2));
        byte[] shorter = StateFileFormat.encode(new JobState(7, Phase.SEND, "src/long/name.c", "h", 0, 1, 3));
        byte[] file = longer.clone();
        System.arraycopy(shorter, 0, file, 0, shorter.length); // as the in-place rewrite leaves it
        assertEquals(StateFileFormat.decode(shorter), StateFileFormat.decode(file));
    }

    @Test
    void refusesOtherMagicOrVersion() {
        byte[] bytes = StateFileFormat.encode(new JobState(7, Phase.SEND, "a.c", "h", 0, 1, 2));
        bytes[4] = 2;
        assertNull(StateFileFormat.decode(bytes));
        bytes[4] = 1;
        bytes[0] = 'X';
        assertNull(StateFileFormat.decode(bytes));
        assertNull(StateFileFormat.decode(new byte[10]));
    }

    @Test
    void unknownPhaseNumbersReadAsCompileLikeDistccmon() {
        byte[] bytes = StateFileFormat.encode(new JobState(7, Phase.SEND, "a.c", "h", 0, 1, 2));
        bytes[5] = 42;
        java.nio.ByteBuffer.wrap(bytes).putInt(bytes.length - 4, StateFileFormat.checksum(bytes, bytes.length - 4));
        assertEquals(Phase.COMPILE, StateFileFormat.decode(bytes).phase());
    }

    @Test
    void cutsVeryLongNamesFromTheLeftAtACharacterBoundary() {
        String file = "é".repeat(600) + "/main.c"; // 1207 bytes
        JobState s = StateFileFormat.decode(StateFileFormat.encode(new JobState(1, Phase.SEND, file, "h", 0, 1, 2)));
        assertTrue(s.file().endsWith("/main.c"));
        assertTrue(s.file().getBytes(StandardCharsets.UTF_8).length <= StateFileFormat.MAX_TEXT_BYTES);
        assertTrue(file.endsWith(s.file()));
    }

    /** binstate_16597 as Debian's distcc 3.4 wrote it while compiling hello.c on 127.0.0.1 slot 0. */
    static final String DEBIAN_BINSTATE = "2801000000000000" + "0048494400000000" + "d540000000000000"
            + "68656c6c6f2e63" + "00".repeat(128 - 7)
            + "3132372e302e302e31" + "00".repeat(128 - 9)
            + "00000000" + "05000000" + "0000000000000000";

    @Test
    void readsAndWritesDistccsOwnStateLayout() {
        byte[] captured = HexFormat.of().parseHex(DEBIAN_BINSTATE);
        assertEquals(296, captured.length);
        JobState s = LegacyStateFormat.decode(captured, 1234);
        assertEquals(new JobState(16597, Phase.COMPILE, "hello.c", "127.0.0.1", 0, 1234, 1234), s);
        assertArrayEquals(captured, LegacyStateFormat.encode(s));
        // distcc stores the basename only.
        byte[] fromPath = LegacyStateFormat.encode(
                new JobState(16597, Phase.COMPILE, "/tmp/mon-cap/hello.c", "127.0.0.1", 0, 1, 1));
        assertArrayEquals(captured, fromPath);
    }

    @Test
    void refusesDistccStatesOfAnotherSizeOrMagic() {
        byte[] captured = HexFormat.of().parseHex(DEBIAN_BINSTATE);
        assertNull(LegacyStateFormat.decode(java.util.Arrays.copyOf(captured, 280), 0));
        captured[9] = 0;
        assertNull(LegacyStateFormat.decode(captured, 0));
    }
}
