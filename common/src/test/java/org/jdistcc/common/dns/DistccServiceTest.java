package org.jdistcc.common.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistccServiceTest {
    /** distcc 3.4's dcc_make_dnssd_subtype, src/gcc-id.c. */
    @ParameterizedTest
    @CsvSource({
        "12, x86_64-linux-gnu, _x86-64-linux-gnu--12._sub._distcc._tcp.local",
        "4.2.1, i686-Apple-Darwin10, _i686-apple-darwin10--4-2-1._sub._distcc._tcp.local",
    })
    void theSubtypeIsDistcc34s(String version, String machine, String subtype) {
        assertEquals(subtype, DistccService.subtype(new DistccService.CcFacts(version, machine)));
    }

    /** distcc 3.4's resolve_reply, src/zeroconf.c. */
    @Test
    void jobsComeFromTxtAsDistcc34ReadsThem() {
        assertEquals(4, DistccService.jobs(null), "no TXT");
        assertEquals(4, DistccService.jobs(txt("cpus=8")), "no jobs key");
        assertEquals(6, DistccService.jobs(txt("cpus=8", "jobs=6")));
        assertEquals(10, DistccService.jobs(txt("cpus=8", "jobs=0")), "jobs <= 0: cpus + 2");
        assertEquals(3, DistccService.jobs(txt("cpus=junk", "jobs=x")), "atoi: cpus 0 counts as 1");
        assertEquals(1024, DistccService.jobs(txt("jobs=999999999")), "bounded");
    }

    @Test
    void txtHoldsDistcc34sKeysAndOurs() {
        var strings = DistccService.txt(2, 4, "0.1.0", new DistccService.CcFacts("12", "x86_64-linux-gnu"));
        assertEquals(
                List.of(
                        "txtvers=1",
                        "cpus=2",
                        "jobs=4",
                        "distcc=3.4",
                        "jdistcc=0.1.0",
                        "gnuhost=x86_64-linux-gnu",
                        "cc_version=12",
                        "cc_machine=x86_64-linux-gnu"),
                strings);
        assertEquals(5, DistccService.txt(2, 4, "0.1.0", null).size());
        assertEquals("distcc@a\\.b._distcc._tcp.local", DistccService.instance("a.b"));
    }

    @Test
    void theCompilersFactsComeFromRunningIt() {
        DistccService.CcFacts gcc = DistccService.ofCompiler("gcc");
        assertNotNull(gcc, "gcc -dumpversion");
        assertTrue(gcc.machine().contains("-"), gcc.toString());
        assertNull(DistccService.ofCompiler("/nonexistent/cc"));
        assertNull(DistccService.ofCompiler("false"), "a compiler that fails says nothing");
    }

    @Test
    void mdnsSpeaksOnInterfacesWithIpv4AndMulticast() {
        assertEquals(5353, Mdns.GROUP.getPort());
        for (var nif : Mdns.interfaces()) {
            assertTrue(!Mdns.ipv4(nif).isEmpty(), nif.toString());
        }
    }

    private static DnsRecord.Txt txt(String... strings) {
        return new DnsRecord.Txt("x", 1, List.of(strings));
    }
}
