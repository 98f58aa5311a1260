package org.jdistcc.client.lsdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** lsdistcc's command line: distcc 3.4's one-letter options ({@code src/lsdistcc.c}) and ours. */
class OptionsTest {
    private static Arguments row(String commandLine, Function<Options, Object> field, Object expected) {
        return Arguments.of(commandLine, field, expected);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                // distcc 3.4's defaults: distcc%d, port 3632, protocol 1, connect check only, 7 s.
                row("", Options::names, List.of("distcc%d")),
                row("", Options::port, 3632),
                row("", Options::protocol, 1),
                row("", Options::compiler, null),
                row("", Options::totalTimeoutSeconds, 7),
                row("", Options::connectTimeoutMillis, 900),
                row("", Options::compileTimeoutMillis, 1500),
                row("", Options::overlap, 1),
                row("", Options::dnsGap, 0),
                row("", Options::format, null),
                // Each of 3.4's options, value attached.
                row("-l", Options::latency, true),
                row("-n", Options::numeric, true),
                row("-x", Options::markDown, true),
                row("-d", Options::appendDomain, true),
                row("-v -v", Options::verbose, 2),
                row("-lnx", o -> o.latency() && o.numeric() && o.markDown(), true),
                row("-t3", Options::totalTimeoutSeconds, 3),
                row("-t0", Options::totalTimeoutSeconds, 0),
                row("-h200", Options::dnsRetryMillis, 200),
                row("-c0", Options::connectTimeoutMillis, 0),
                row("-k2500", Options::compileTimeoutMillis, 2500),
                row("-m24", Options::matchBits, 24),
                row("-o3", Options::overlap, 3),
                row("-g2", Options::dnsGap, 2),
                row("-r42000", Options::port, 42000),
                row("-P3", Options::protocol, 3),
                row("-pgcc", Options::compiler, "gcc"),
                row("--compiler=cc", Options::compiler, "cc"),
                // Names: the first argument that is not an option ends the options.
                row("-r42000 localhost 127.0.0.1", Options::names, List.of("localhost", "127.0.0.1")),
                row("-r42000 127.0.0.%d", Options::namesAreFormat, true),
                row("host -l", Options::names, List.of("host", "-l")),
                // Help, as distcc's testdistcc.py asks it; a bare -h too.
                row("-r42000 --help", Options::help, true),
                row("-h", Options::help, true),
                // jdistcc's report.
                row("--format=tsv", Options::format, Options.Format.TSV),
                row("--format=json --timeout=1.5", Options::probeTimeoutMillis, 1500L),
                row("--format=json", Options::compiler, "gcc"),
                row("--format=json -pclang", Options::compiler, "clang"),
                row("--format=tsv --stats-port=0", Options::statsPort, 0),
                row("--format=tsv", Options::names, List.of()),
                row("--format=tsv box 10.0.0.2:3700/8,lzo", Options::names, List.of("box", "10.0.0.2:3700/8,lzo")));
    }

    @ParameterizedTest(name = "lsdistcc {0}")
    @MethodSource("accepted")
    void acceptsDistcc34sCommandLineAndOurs(String commandLine, Function<Options, Object> field, Object expected)
            throws Options.BadOption {
        assertEquals(expected, field.apply(Options.parse(words(commandLine))));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("-z", "unknown option '-z'"),
                Arguments.of("-lz", "unknown option '-lz'"),
                Arguments.of("-", "unknown option '-'"),
                Arguments.of("--frobnicate", "unknown option '--frobnicate'"),
                Arguments.of("-t 5", "needs its value right after it"),
                Arguments.of("-tfive", "'-tfive' wants a whole number from 0"),
                Arguments.of("-P4", "'-P4' wants a whole number from 1 to 3"),
                Arguments.of("-P0", "'-P0' wants a whole number from 1 to 3"),
                Arguments.of("-m32", "'-m32' wants a whole number from 0 to 31"),
                Arguments.of("-r0", "'-r0' wants a whole number from 1 to 65535"),
                Arguments.of("-c-1", "'-c-1' wants a whole number from 0"),
                Arguments.of("--timeout=never", "'--timeout=never' wants a number of seconds"),
                Arguments.of("--format=tsv --timeout=0", "'--timeout=0' wants a number of seconds"),
                Arguments.of("--format=xml", "unknown option '--format=xml'"),
                Arguments.of("--format=tsv -l", "option '-l' does not apply to --format"),
                Arguments.of("--format=tsv -r3700", "option '-r3700' does not apply to --format"),
                Arguments.of("--timeout=3", "'--timeout=3' applies to --format's report"),
                Arguments.of("--stats-port=1", "'--stats-port=1' applies to --format's report"),
                Arguments.of("distcc%d other", "is given alone"));
    }

    @ParameterizedTest(name = "lsdistcc {0}")
    @MethodSource("refused")
    void refusesWithAMessageNamingTheArgument(String commandLine, String message) {
        var e = assertThrows(Options.BadOption.class, () -> Options.parse(words(commandLine)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static List<String> words(String commandLine) {
        return commandLine.isEmpty() ? List.of() : Arrays.asList(commandLine.split(" "));
    }
}
