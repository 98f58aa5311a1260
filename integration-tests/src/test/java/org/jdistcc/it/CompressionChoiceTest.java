package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.SlowLink;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compression chosen by measurement for hosts the list leaves unmarked: the client learns each
 * link's speed from its replies ({@code $DISTCC_DIR/links/}) and compresses where the link is slow
 * enough for that to pay: LZ4 with our volunteers, LZO (distcc's protocol 2) with distcc 3.4's.
 * Until a link is measured, jobs go uncompressed, as distcc sends them to an unmarked host.
 * The slow link is a real one in effect: a forwarder on loopback that spreads the bytes out at
 * 1 MB/s. The object is 256 KiB, mostly zeros, so it says much of the link and compresses well.
 */
@ExtendWith(RequiresInstallation.class)
class CompressionChoiceTest {
    static final long SLOW = 1_000_000;
    static final Pattern RATE = Pattern.compile("bytes_per_s=(\\d+)");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} volunteer")
    @ValueSource(strings = {"jdistcc", "distcc 3.4"})
    void aSlowLinkIsMeasuredThenCompressed(String kind, Installation jdistcc) throws Exception {
        String codec = kind.equals("jdistcc") ? "LZ4" : "LZO";
        writeSource();
        try (RunningDaemon daemon = setup(kind, jdistcc).start();
                SlowLink link = SlowLink.to(daemon.port(), SLOW)) {
            String host = "127.0.0.1:" + link.port();

            Outcome first = compile(jdistcc, host, "first.o");
            assertTrue(
                    first.stderr().contains("not compressing for " + host + ": the link's speed is not measured yet"),
                    first::toString);
            double rate = learnedRate();
            assertTrue(rate > SLOW / 4.0 && rate < SLOW * 4.0, "learned " + rate + " B/s over a 1 MB/s link");

            Outcome second = compile(jdistcc, host, "second.o");
            assertTrue(second.stderr().contains("compressing for " + host + ": the link carries"), second::toString);
            assertTrue(second.stderr().contains(codec + " pays below"), second::toString);
            assertTrue(showHosts(jdistcc, host).contains("jobs go compressed (" + codec + "): the link carries"));
            assertSameAsLocal("first.o");
            assertSameAsLocal("second.o");
        }
    }

    @ParameterizedTest(name = "{0} volunteer")
    @ValueSource(strings = {"jdistcc", "distcc 3.4"})
    void loopbackIsFastEnoughToSendAsItIs(String kind, Installation jdistcc) throws Exception {
        writeSource();
        try (RunningDaemon daemon = setup(kind, jdistcc).start()) {
            String host = daemon.hostSpec("");
            compile(jdistcc, host, "first.o");
            assertTrue(learnedRate() > 50e6, "loopback measured at " + learnedRate() + " B/s");
            Outcome second = compile(jdistcc, host, "second.o");
            assertTrue(
                    second.stderr().contains("not compressing for " + host + ": the link carries"), second::toString);
            assertSameAsLocal("second.o");
        }
    }

    private static DaemonSetup setup(String kind, Installation jdistcc) {
        return kind.equals("jdistcc") ? DaemonSetup.installed(jdistcc) : DaemonSetup.debian();
    }

    private void writeSource() throws IOException {
        // Initialised, so its 256 KiB are in the object (.rodata), not .bss.
        Files.writeString(dir.resolve("big.c"), """
                const char big[262144] = "jdistcc";
                const char *get(void) { return big; }
                """);
    }

    private Outcome compile(Installation jdistcc, String host, String object) {
        Outcome outcome = user(jdistcc)
                .with("DISTCC_HOSTS", host)
                .with("DISTCC_FALLBACK", "0")
                .with("DISTCC_VERBOSE", "1")
                .withTimeout(Duration.ofMinutes(1))
                .run(jdistcc.distcc().toString(), "gcc", "-O2", "-c", "big.c", "-o", object);
        assertEquals(0, outcome.exitCode(), outcome::toString);
        return outcome;
    }

    /** What {@code distcc --show-hosts -v} says of {@code host}: its state, and how its jobs travel. */
    private String showHosts(Installation jdistcc, String host) {
        Outcome shown =
                user(jdistcc).with("DISTCC_HOSTS", host).run(jdistcc.distcc().toString(), "--show-hosts", "-v");
        assertEquals(0, shown.exitCode(), shown::toString);
        return shown.stdout();
    }

    /** A DISTCC_DIR of this test's: what it learns of links is its own. */
    private CommandRunner user(Installation jdistcc) {
        return jdistcc.userIn(dir).with("DISTCC_DIR", dir.resolve("distcc-dir").toString());
    }

    private double learnedRate() throws IOException {
        Path links = dir.resolve("distcc-dir/links");
        List<Path> files;
        try (Stream<Path> listed = Files.list(links)) {
            files = listed.filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
        }
        assertEquals(1, files.size(), "one link learned: " + files);
        Matcher m = RATE.matcher(Files.readString(files.getFirst()));
        assertTrue(m.find(), files.getFirst() + " holds no rate");
        return Double.parseDouble(m.group(1));
    }

    private void assertSameAsLocal(String object) throws IOException {
        Outcome local = CommandRunner.in(dir).run("gcc", "-O2", "-c", "big.c", "-o", "local.o");
        assertEquals(0, local.exitCode(), local::toString);
        assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve(object)), object);
    }
}
