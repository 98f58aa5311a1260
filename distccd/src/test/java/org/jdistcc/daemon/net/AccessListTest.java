package org.jdistcc.daemon.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessListTest {
    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
        "127.0.0.1,          127.0.0.1,        true",
        "127.0.0.1,          127.0.0.2,        false",
        "192.168.1.0/24,     192.168.1.77,     true",
        "192.168.1.0/24,     192.168.2.1,      false",
        "10.0.0.0/8,         10.255.255.255,   true",
        "172.16.0.0/12,      172.31.0.1,       true",
        "172.16.0.0/12,      172.32.0.1,       false",
        "192.168.1.128/25,   192.168.1.127,    false",
        "0.0.0.0/0,          8.8.8.8,          true",
        "127.0.0.1,          ::ffff:127.0.0.1, true",
        "fe80::/10,          fe80::1,          true",
        "::1,                ::1,              true",
        "::1,                127.0.0.1,        false",
    })
    void matchesAddressBlocks(String allow, String client, boolean expected) throws Exception {
        assertEquals(expected, AccessList.of(List.of(allow), false).allows(InetAddress.getByName(client)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.0.9", "::1", "fd00::5"})
    void allowPrivateCoversLoopbackAndPrivateRanges(String client) throws Exception {
        assertEquals(true, AccessList.of(List.of(), true).allows(InetAddress.getByName(client)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "cafe", "10.1", "300.1.1.1", "10.0.0.0/33", "10.0.0.0/x", "", "/8"})
    void rejectsWhatIsNotAnAddressBlock(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }
}
