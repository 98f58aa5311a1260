package org.jdistcc.daemon.zeroconf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.jdistcc.common.dns.DistccService;
import org.jdistcc.common.dns.DnsQuestion;
import org.jdistcc.common.dns.DnsRecord;
import org.junit.jupiter.api.Test;

/** Which of the volunteer's records answer which question, as RFC 6763 lays DNS-SD out. */
class ServiceRecordsTest {
    static final String INSTANCE = "distcc@box._distcc._tcp.local";
    static final String SUBTYPE = "_x86-64-linux-gnu--12._sub._distcc._tcp.local";

    private final ServiceRecords records = new ServiceRecords(
            "distcc@box",
            "jdistccd-box",
            3632,
            List.of("txtvers=1", "jobs=4"),
            new DistccService.CcFacts("12", "x86_64-linux-gnu"),
            List.of(address("10.0.0.5")));

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void browsingTheTypeOrTheSubtypeFindsTheInstanceWithWhereItIs() {
        for (String browsed : List.of(DistccService.TYPE, SUBTYPE, "_DISTCC._TCP.LOCAL")) {
            var reply = records.answer(new DnsQuestion(browsed, DnsRecord.TYPE_PTR));
            assertEquals(List.of(new DnsRecord.Ptr(browsed, 4500, INSTANCE)), reply.answers(), browsed);
            assertEquals(
                    List.of(DnsRecord.TYPE_SRV, DnsRecord.TYPE_TXT, DnsRecord.TYPE_A),
                    reply.additional().stream().map(DnsRecord::type).toList());
        }
        assertTrue(
                records.answer(new DnsQuestion("_x86-64-linux-gnu--13._sub._distcc._tcp.local", DnsRecord.TYPE_PTR))
                        .isEmpty(),
                "another compiler's subtype");
    }

    @Test
    void theInstanceAndItsHostAnswerForThemselves() {
        var srv = records.answer(new DnsQuestion(INSTANCE, DnsRecord.TYPE_SRV));
        assertEquals(
                new DnsRecord.Srv(INSTANCE, 120, 0, 0, 3632, "jdistccd-box.local"),
                srv.answers().getFirst());
        var any = records.answer(new DnsQuestion(INSTANCE, DnsRecord.TYPE_ANY));
        assertEquals(2, any.answers().size(), "SRV and TXT");
        var a = records.answer(new DnsQuestion("jdistccd-box.local", DnsRecord.TYPE_A));
        assertEquals(List.of(new DnsRecord.Address("jdistccd-box.local", 120, address("10.0.0.5"))), a.answers());
        assertTrue(
                records.answer(new DnsQuestion("box.local", DnsRecord.TYPE_A)).isEmpty(), "avahi's name is avahi's");
        var services = records.answer(new DnsQuestion(DistccService.SERVICES, DnsRecord.TYPE_PTR));
        assertEquals(List.of(new DnsRecord.Ptr(DistccService.SERVICES, 4500, DistccService.TYPE)), services.answers());
    }

    @Test
    void anAnnouncementHoldsEveryRecordAndAGoodbyeTheSameWithTtlZero() {
        List<DnsRecord> all = records.all(false);
        assertEquals(6, all.size(), all.toString());
        List<DnsRecord> goodbye = records.all(true);
        assertEquals(6, goodbye.size());
        assertTrue(goodbye.stream().allMatch(r -> r.ttl() == 0), goodbye.toString());
        assertEquals(10, ServiceRecords.withTtlAtMost(all.getFirst(), 10).ttl(), "legacy unicast: 10 s at most");
        assertEquals(all.get(3), ServiceRecords.withTtlAtMost(all.get(3), 4500));
    }
}
