package org.jdistcc.common.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsWireTest {
    private static DnsMessage roundTrip(DnsMessage m) throws DnsReader.Malformed {
        byte[] bytes = DnsWriter.write(m);
        return DnsReader.read(bytes, bytes.length);
    }

    @Test
    void aQueryIsWrittenAsRfc1035SaysAndReadBack() throws Exception {
        DnsMessage query = DnsMessage.query(0x1234, "_distcc._tcp.example.org", DnsRecord.TYPE_SRV);
        byte[] bytes = DnsWriter.write(query);
        assertEquals(
                "1234" + "0100" + "0001" + "0000" + "0000" + "0000" + "075f64697374636304" + "5f746370"
                        + "076578616d706c65036f726700" + "0021" + "0001",
                HexFormat.of().formatHex(bytes));
        DnsMessage back = DnsReader.read(bytes, bytes.length);
        assertEquals(query, back);
        assertFalse(back.isResponse());
        assertFalse(back.isTruncated());
    }

    @Test
    void everyRecordTypeSurvivesARoundTrip() throws Exception {
        var records = List.<DnsRecord>of(
                new DnsRecord.Ptr("_distcc._tcp.local", 4500, "distcc@box._distcc._tcp.local"),
                new DnsRecord.Srv("distcc@box._distcc._tcp.local", 120, 0, 5, 3632, "box.local"),
                new DnsRecord.Txt("distcc@box._distcc._tcp.local", 4500, List.of("txtvers=1", "jobs=6")),
                new DnsRecord.Address("box.local", 120, InetAddress.getByName("10.1.2.3")),
                new DnsRecord.Address("box.local", 120, InetAddress.getByName("fe80::1")));
        var m = new DnsMessage(0, DnsMessage.FLAG_RESPONSE, List.of(), records.subList(0, 2), records.subList(2, 5));
        DnsMessage back = roundTrip(m);
        assertEquals(m, back);
        assertEquals(records, back.records());
        assertTrue(back.isResponse());
        assertEquals(DnsRecord.TYPE_AAAA, back.records().get(4).type());
    }

    @Test
    void mdnsBitsAreWrittenAndReadPast() throws Exception {
        var q = new DnsQuestion("box.local", DnsRecord.TYPE_ANY, true);
        var srv = new DnsRecord.Srv("i._distcc._tcp.local", 120, 0, 0, 3632, "box.local");
        var ptr = new DnsRecord.Ptr("_distcc._tcp.local", 4500, "i._distcc._tcp.local");
        byte[] bytes = DnsWriter.write(new DnsMessage(0, 0x8400, List.of(q), List.of(ptr, srv), List.of()), true);
        DnsMessage back = DnsReader.read(bytes, bytes.length);
        assertTrue(back.questions().getFirst().unicastResponse(), "QU bit");
        assertEquals(List.of(ptr, srv), back.answers(), "the cache-flush bit is not part of the class");
    }

    @Test
    void aDotInsideALabelIsEscapedBothWays() throws Exception {
        var ptr = new DnsRecord.Ptr("_distcc._tcp.local", 1, "distcc@box\\.lan._distcc._tcp.local");
        byte[] bytes = DnsWriter.write(new DnsMessage(0, 0x8000, List.of(), List.of(ptr), List.of()));
        assertEquals(ptr, DnsReader.read(bytes, bytes.length).answers().getFirst());
    }

    @Test
    void compressedNamesAreFollowed() throws Exception {
        // An answer as dnsmasq writes it: the answer's name points at the question's (offset 12).
        byte[] bytes = HexFormat.of()
                .parseHex(
                        "abcd81800001000100000000046661726d04746573740000010001" + "c00c000100010000003c00047f000002");
        DnsMessage m = DnsReader.read(bytes, bytes.length);
        assertEquals(
                new DnsRecord.Address("farm.test", 60, InetAddress.getByName("127.0.0.2")),
                m.answers().getFirst());
        assertEquals(0, m.rcode());
    }

    @Test
    void otherTypesAndClassesAreSkipped() throws Exception {
        // A CNAME (type 5) then an A of class CH (3): neither is kept.
        byte[] bytes = HexFormat.of()
                .parseHex("00008000000000020000000001610000050001000000010002c000" + "01620000010003000000010004"
                        + "01020304");
        assertEquals(List.of(), DnsReader.read(bytes, bytes.length).answers());
    }

    @Test
    void malformedMessagesAreRefusedWithAReason() {
        byte[] loop = HexFormat.of().parseHex("000080000001000000000000c00c00010001");
        assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(loop, loop.length), "pointer to itself");
        byte[] forward = HexFormat.of().parseHex("000080000001000000000000c01000010001000000");
        assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(forward, forward.length), "pointer forwards");
        byte[] cut = HexFormat.of().parseHex("00008000000100");
        assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(cut, cut.length));
        byte[] many = HexFormat.of().parseHex("000080000101000000000000");
        var e = assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(many, many.length));
        assertTrue(e.getMessage().contains("257 records"), e.getMessage());
        byte[] longLabel = HexFormat.of().parseHex("000080000001000000000000" + "40");
        assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(longLabel, longLabel.length));
        byte[] pastEnd = HexFormat.of().parseHex("00008000000000010000000000000100010000000000ff");
        assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(pastEnd, pastEnd.length));
        byte[] badAddress = HexFormat.of().parseHex("0000800000000001000000000000010001000000000003010203");
        assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(badAddress, badAddress.length));
        byte[] badTxt = HexFormat.of().parseHex("000080000000000100000000000010000100000000000205ff");
        assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(badTxt, badTxt.length));
        assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(new byte[10_000], 10_000), "over the bound");
    }

    @Test
    void namesAndStringsDnsCannotCarryAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> DnsWriter.write(DnsMessage.query(1, "a".repeat(64) + ".org", DnsRecord.TYPE_A)));
        assertThrows(
                IllegalArgumentException.class,
                () -> DnsWriter.write(DnsMessage.query(1, ("a".repeat(60) + ".").repeat(5), DnsRecord.TYPE_A)));
        var txt = new DnsRecord.Txt("x", 1, List.of("k=" + "v".repeat(300)));
        assertThrows(
                IllegalArgumentException.class,
                () -> DnsWriter.write(new DnsMessage(0, 0x8000, List.of(), List.of(txt), List.of())));
    }

    @Test
    void anEmptyTxtIsOneEmptyStringAndKeysAreCaseInsensitive() throws Exception {
        var empty = new DnsRecord.Txt("x", 1, List.of());
        byte[] bytes = DnsWriter.write(new DnsMessage(0, 0x8000, List.of(), List.of(empty), List.of()));
        assertEquals(empty, DnsReader.read(bytes, bytes.length).answers().getFirst());
        var txt = new DnsRecord.Txt("x", 1, List.of("Jobs=6", "cpus"));
        assertEquals("6", txt.value("jobs"));
        assertNull(txt.value("cpus"), "a key without '=' has no value");
        assertArrayEquals(new byte[] {0}, java.util.Arrays.copyOfRange(bytes, bytes.length - 1, bytes.length));
    }
}
