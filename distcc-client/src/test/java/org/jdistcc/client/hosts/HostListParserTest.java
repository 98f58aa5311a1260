package org.jdistcc.client.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostListParserTest {
    private final HostListParser parser = new HostListParser(8);

    private HostList parse(String text) throws HostListException {
        return parser.parse(text, "test");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "build1                   | build1    | 3632  | 4 | NONE | false",
                "build1:4000              | build1    | 4000  | 4 | NONE | false",
                "build1/8                 | build1    | 3632  | 8 | NONE | false",
                "build1/8:4000            | build1    | 4000  | 8 | NONE | false",
                "build1:4000/8            | build1    | 4000  | 8 | NONE | false",
                "build1,lzo               | build1    | 3632  | 4 | LZO  | false",
                "build1/3,lzo,cpp         | build1    | 3632  | 3 | LZO  | true",
                "build1:3633,lz4          | build1    | 3633  | 4 | LZ4  | false",
                "10.0.0.7/16,lzo          | 10.0.0.7  | 3632  | 16| LZO  | false",
                "[::1]:3700/2             | ::1       | 3700  | 2 | NONE | false",
                "localhost:3632           | localhost | 3632  | 4 | NONE | false",
                "f=5                      | f=5       | 3632  | 4 | NONE | false",
            })
    void parsesTcpHosts(String text, String host, int port, int limit, Compression compression, boolean pump)
            throws HostListException {
        HostList list = parse(text);
        assertEquals(List.of(new HostSpec.Tcp(host, port, limit, compression, pump)), list.hosts());
    }

    @Test
    void tlsMarksATcpHostAndGoesWithTheOtherOptions() throws HostListException {
        assertEquals(
                List.of(
                        new HostSpec.Tcp("build1", 3632, 4, Compression.NONE, false, true),
                        new HostSpec.Tcp("::1", 3700, 2, Compression.LZ4, false, true),
                        new HostSpec.Tcp("build2", 3632, 4, Compression.LZO, true, true)),
                parse("build1,tls [::1]:3700/2,lz4,tls build2,tls,lzo,cpp").hosts());
        assertFalse(((HostSpec.Tcp) parse("build1").hosts().getFirst()).tls());
    }

    @Test
    void tlsIsForTcpHostsOnly() {
        var e = assertThrows(HostListException.class, () -> parse("me@box,tls"));
        assertTrue(e.getMessage().contains("',tls' is for TCP hosts"), e.getMessage());
    }

    @Test
    void localhostIsLocalWithTheCpuCountAsDefaultLimit() throws HostListException {
        assertEquals(List.of(new HostSpec.Local(8)), parse("localhost").hosts());
        assertEquals(List.of(new HostSpec.Local(3)), parse("localhost/3").hosts());
    }

    @Test
    void parsesSshHosts() throws HostListException {
        assertEquals(
                List.of(new HostSpec.Ssh("me", "box", 2, "/opt/bin/distccd", Compression.LZO, false)),
                parse("me@box/2:/opt/bin/distccd,lzo").hosts());
        assertEquals(
                List.of(new HostSpec.Ssh(null, "box", 4, null, Compression.NONE, false)),
                parse("@box").hosts());
    }

    @Test
    void readsGlobalOptionsCommentsAndDownHosts() throws HostListException {
        HostList list = parse("""
                # the farm
                --randomize --localslots=3 --localslots_cpp/12
                a/2   b,down  # b is being repaired
                c\t+zeroconf
                """);
        assertTrue(list.randomize());
        assertEquals(3, list.localSlots());
        assertEquals(12, list.localSlotsCpp());
        assertEquals(
                List.of("a", "c"),
                list.hosts().stream().map(h -> ((HostSpec.Tcp) h).host()).toList());
    }

    @Test
    void skipsAuthHostsAndZeroconfWithAWarningAndKeepsTheRest() throws HostListException {
        HostList list = parse("a,auth b,lzo,auth=princ c/2,lzo +zeroconf");
        assertEquals(List.of("c/2,lzo"), list.words());
        assertEquals(List.of("a,auth", "b,lzo,auth=princ", "c/2,lzo"), list.listed(), "shown, as distcc shows them");
        assertEquals(3, list.warnings().size(), list.warnings().toString());
        assertTrue(
                list.warnings().getFirst().contains("skipping 'a,auth': GSS-API"),
                list.warnings().toString());
        assertTrue(list.warnings().get(2).contains("+zeroconf"), list.warnings().toString());
    }

    /** distcc --show-hosts prints each host as written; distcc -j sums the limits. */
    @Test
    void keepsEachDefinitionAsWrittenAndSumsTheLimits() throws HostListException {
        HostList list = parse("--randomize a/3 localhost  b:3700,lzo @ssh/2 d,down");
        assertEquals(List.of("a/3", "localhost", "b:3700,lzo", "@ssh/2", "d,down"), list.listed());
        assertEquals(List.of("a/3", "localhost", "b:3700,lzo", "@ssh/2"), list.words(), "d is down: not used");
        assertEquals(3 + 8 + 4 + 2 + 4, list.listedSlots(), "localhost: this test parser's 8 CPUs");
    }

    @Test
    void emptyListMeansNoHosts() throws HostListException {
        assertTrue(parse("").isEmpty());
        assertTrue(parse("  # nothing\n").isEmpty());
        assertFalse(parse("a").isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            quoteCharacter = '"',
            delimiter = '|',
            value = {
                "a:99999      | at character 1, 'a:99999': port 99999 is out of range",
                "a b:x        | at character 3, 'b:x': bad port 'x'",
                "a/0          | at character 1, 'a/0': limit must be positive",
                "a,bzip       | unknown host option 'bzip'",
                "a,cpp        | ',cpp' needs ',lzo'",
                "[::1         | missing ']'",
                "--localslots | expected --localslots=N",
                ":3632        | empty host name",
            })
    void errorsNameThePositionAndTheText(String text, String expected) {
        var e = assertThrows(HostListException.class, () -> parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("test: "), e.getMessage());
    }

    @Test
    void lockNamesMatchDistcc() throws HostListException {
        List<HostSpec> hosts = parse("localhost 127.0.0.1:3700 me@box").hosts();
        assertEquals(
                List.of("localhost", "tcp_127.0.0.1_3700", "ssh_box"),
                hosts.stream().map(HostSpec::lockName).toList());
    }
}
