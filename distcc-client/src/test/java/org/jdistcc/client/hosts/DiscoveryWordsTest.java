package org.jdistcc.client.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscoveryWordsTest {
    private final HostListParser parser = new HostListParser(8);

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "+zeroconf                     | ZEROCONF  |                   | 3632 | ''",
                "+srv=farm.example.org         | SRV       | farm.example.org  | 3632 | /4",
                "+srv=farm.example.org/8,lzo   | SRV       | farm.example.org  | 3632 | /8,lzo",
                "+srv=_cc._tcp.example.org,lz4 | SRV       | _cc._tcp.example.org | 3632 | /4,lz4",
                "+addresses=build.lan          | ADDRESSES | build.lan         | 3632 | /4",
                "+addresses=build.lan:3700/2,lzo,cpp | ADDRESSES | build.lan   | 3700 | /2,lzo,cpp",
            })
    void parsesDiscoveryWords(String word, DiscoveryWord.Kind kind, String name, int port, String suffix)
            throws HostListException {
        List<DiscoveryWord> asked = new ArrayList<>();
        parser.parse(word, "test", w -> {
            asked.add(w);
            return new DiscoveryWord.Found(List.of(), List.of());
        });
        assertEquals(List.of(new DiscoveryWord(kind, word, name == null ? "" : name, port, suffix)), asked);
    }

    @Test
    void whatIsFoundStandsWhereTheWordStoodAndIsParsedAsHosts() throws HostListException {
        HostList list = parser.parse(
                "a +srv=farm.test/2,lzo b",
                "test",
                w -> new DiscoveryWord.Found(
                        List.of("10.0.0.5:3700" + w.suffix(), "[fd00::7]:3632" + w.suffix()), List.of("one was down")));
        assertEquals(List.of("a", "10.0.0.5:3700/2,lzo", "[fd00::7]:3632/2,lzo", "b"), list.words());
        assertEquals(list.words(), list.listed(), "--show-hosts shows the volunteers found");
        assertEquals(
                new HostSpec.Tcp("10.0.0.5", 3700, 2, Compression.LZO, false),
                list.hosts().get(1));
        assertEquals("tcp_10.0.0.5_3700", list.hosts().get(1).lockName(), "locks and backoff keyed by address");
        assertEquals(4 + 2 + 2 + 4, list.listedSlots());
        assertEquals(List.of("test: one was down"), list.warnings());
    }

    @Test
    void aWordThatFindsNothingLeavesTheOtherHosts() throws HostListException {
        HostList list = parser.parse(
                "+addresses=gone.test a",
                "test",
                w -> new DiscoveryWord.Found(
                        List.of("not a host:x"), List.of(w.word() + ": gone.test does not exist")));
        assertEquals(List.of("a"), list.words());
        assertEquals(2, list.warnings().size(), list.warnings().toString());
        assertTrue(
                list.warnings().get(1).contains("not a host"), list.warnings().toString());
    }

    @Test
    void wordsMarkedDownOrAuthAreShownAndNotLookedUp() throws HostListException {
        HostList list = parser.parse("+srv=a.test,down +zeroconf,down +srv=b.test,auth", "test", w -> {
            throw new AssertionError("looked up " + w);
        });
        assertTrue(list.isEmpty());
        assertEquals(List.of("+srv=a.test,down", "+zeroconf,down", "+srv=b.test,auth"), list.listed());
        assertTrue(
                list.warnings().getFirst().contains("GSS-API"), list.warnings().toString());
    }

    @Test
    void withoutADiscovererEachWordIsAWarning() throws HostListException {
        HostList list = parser.parse("+zeroconf +srv=x.test", "test");
        assertTrue(list.isEmpty());
        assertEquals(2, list.warnings().size());
        assertTrue(
                list.warnings().getFirst().contains("+zeroconf"),
                list.warnings().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "+srv=                  | bad DNS name",
                "+srv=a..b              | bad DNS name",
                "+srv=a.test/x          | bad limit",
                "+srv=farm.test:3700    | takes its port from the SRV records",
                "+addresses=a.test/0    | limit must be positive",
                "+addresses=a.test,zip  | unknown host option 'zip'",
                "+addresses=a.test:99999 | out of range",
                "+zeroconf,lzo          | takes no options but ,down",
                "+srv=a;b.test          | bad DNS name",
            })
    void refusesMalformedDiscoveryWords(String word, String message) {
        var e = assertThrows(
                HostListException.class,
                () -> parser.parse(word, "test", w -> {
                    throw new AssertionError("looked up " + w);
                }));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
