package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live monitor in a real browser: Debian's chromium, headless, watches the stats port of a real
 * daemon while a slow compile goes through it, and the page, never reloaded, shows the job running
 * and then on its timeline.
 */
@WithDaemon(stats = true)
class MonitorPageBrowserTest {
    /** A few seconds of constexpr evaluation in cc1plus (SlowCompileTest's source, shorter). */
    static final String SLOW_SOURCE = """
            constexpr long spin(long n) { long s = 0; for (long i = 0; i < n; i++) { s += i % 7; } return s; }
            constexpr long value = spin(2500000);
            long get() { return value; }
            """;

    static final List<String> SLOW_ARGV = List.of(
            "g++",
            "-fconstexpr-loop-limit=2000000000",
            "-fconstexpr-ops-limit=100000000000",
            "-c",
            "src/monitor_demo.cpp",
            "-o",
            "monitor_demo.o");

    /** Each job the timeline draws: its result, then its tooltip ("FILE from CLIENT, COMPILER: ..."). */
    static final String TIMELINE = "[...document.querySelectorAll('#timeline g.job')]"
            + ".map(g => g.dataset.result + ' ' + g.querySelector('title').textContent).join('\\n')";

    static final String RUNNING = "document.getElementById('running').innerText";

    @TempDir
    Path dir;

    @Test
    void showsARunningCompileThenItsTimelineEntryWithoutReloading(RunningDaemon daemon) throws Exception {
        Path chromium = chromiumOrSkip();
        try (var browser = HeadlessChromium.start(chromium, dir.resolve("profile"), 1280, 1250)) {
            browser.navigate("http://127.0.0.1:" + daemon.statsPort() + "/");
            // A browser asking for "/" gets the monitor; mark this load to prove later it was never reloaded.
            await(browser, RUNNING, t -> t.contains("no jobs right now"));
            browser.evaluate("window.loadedOnce = 'this load'");

            Path source = dir.resolve("slow.ii");
            Files.writeString(source, SLOW_SOURCE);
            String client;
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()), 5000);
                socket.setSoTimeout(120_000);
                client = "127.0.0.1:" + socket.getLocalPort();
                var out = new BufferedOutputStream(socket.getOutputStream());
                MessageWriter.writeRequest(out, new Request(ProtocolVersion.PLAIN, SLOW_ARGV));
                out.flush();
                // The request is in, the source not yet: the job waits in "receive" for as long as we like.
                String row = await(browser, RUNNING, t -> t.contains("src/monitor_demo.cpp") && t.contains(client));
                assertTrue(row.contains("receive"), row);
                assertTrue(row.contains("g++"), row);

                MessageWriter.writePayload(
                        out, Token.DOTI, ProtocolVersion.PLAIN.compression(), new Payload.InFile(source));
                out.flush();
                await(browser, RUNNING, t -> t.contains("compile") && t.contains(client));
                await(browser, TIMELINE, t -> t.contains("running src/monitor_demo.cpp from " + client + ", g++"));
                browser.screenshot(Path.of("target", "monitor-page-running.png"));

                var outcome = RawClient.readReply(socket.getInputStream(), ProtocolVersion.PLAIN, dir);
                assertEquals(0, outcome.exitCode(), outcome.stderr());
            }

            String timeline = await(
                    browser, TIMELINE, t -> t.contains("compile_ok src/monitor_demo.cpp from " + client + ", g++"));
            assertTrue(timeline.contains("compiled"), timeline);
            await(browser, RUNNING, t -> t.contains("no jobs right now"));

            // A compile error shows on the timeline and in the results table too.
            var error = RawClient.compile(
                    daemon.port(),
                    ProtocolVersion.PLAIN,
                    List.of("gcc", "-c", "broken.c", "-o", "broken.o"),
                    "int broken(void) { return undeclared; }\n",
                    dir);
            assertEquals(1, error.exitCode(), error.stderr());
            await(browser, TIMELINE, t -> t.contains("compile_error broken.c from 127.0.0.1:"));
            await(
                    browser,
                    "document.querySelector('#results tr[data-result=compile_error]').innerText",
                    t -> t.matches("compile error\\s+1\\s+1\\s*"));
            await(browser, "document.getElementById('t-ok').innerText", t -> t.equals("1"));
            browser.screenshot(Path.of("target", "monitor-page-after.png"));
            assertEquals("this load", browser.evaluate("window.loadedOnce"), "the page was reloaded");
        }
    }

    /**
     * Skips where chromium is not installed, unless {@value HeadlessChromium#REQUIRED} is set (.ci/run
     * sets it after installing chromium), so CI never skips this test silently.
     */
    static Path chromiumOrSkip() {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty() && System.getenv(HeadlessChromium.REQUIRED) != null) {
            fail("chromium is not on the PATH, and " + HeadlessChromium.REQUIRED + " says this machine must run "
                    + "the browser test: apt-get install chromium");
        }
        assumeTrue(
                chromium.isPresent(),
                "chromium is not installed (apt-get install chromium; .ci/run installs it): browser test skipped");
        return chromium.orElseThrow();
    }

    /** Evaluates {@code expression} every 100 ms until {@code wanted} accepts it; at most 60 s. */
    static String await(HeadlessChromium browser, String expression, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = browser.evaluate(expression);
            if (wanted.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        return fail("the page never showed what was expected; " + expression + " was:\n" + last
                + "\nconnection: " + browser.evaluate("document.getElementById('conn').innerText")
                + "\nchromium:\n" + browser.log());
    }
}
