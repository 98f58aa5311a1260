package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a slow compile runs through the installed daemon: distccmon-text and the daemon's /status
 * show it; afterwards --show-stats, distcc's stats page and the Prometheus counter count it.
 */
@ExtendWith(RequiresInstallation.class)
class MonitoringTest {
    @TempDir
    Path dir;

    /** Thousands of functions at -O2: a few seconds of compile on this kind of machine. */
    static String slowSource() {
        var sb = new StringBuilder("#include <string.h>\n");
        for (int i = 0; i < 1500; i++) {
            sb.append("int f")
                    .append(i)
                    .append("(const char *s) { int n = 0; for (int k = 0; k < ")
                    .append(i % 37 + 3)
                    .append("; k++) n += (int) strlen(s + k) * ")
                    .append(i)
                    .append("; return n; }\n");
        }
        return sb.toString();
    }

    static String get(HttpClient http, int port, String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path);
        return response.body();
    }

    static long metric(String text, String pattern) {
        Matcher m = Pattern.compile(pattern, Pattern.MULTILINE).matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aSlowCompileIsSeenWhileRunningAndCountedAfter(Installation jdistcc) throws Exception {
        Files.writeString(dir.resolve("slow.c"), slowSource(), StandardCharsets.US_ASCII);
        int statsPort = FreePort.find();
        try (RunningDaemon ours = DaemonSetup.installed(jdistcc)
                        .jobs(4)
                        .args("--stats", "--stats-port", Integer.toString(statsPort))
                        .start();
                HttpClient http = HttpClient.newHttpClient()) {
            String metricsBefore = get(http, statsPort, "/metrics");
            Path distccDir = Files.createDirectories(dir.resolve("distcc-dir"));
            Process client = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", distccDir.toString())
                    .with("DISTCC_HOSTS", ours.hostSpec(""))
                    .with("DISTCC_FALLBACK", "0")
                    .with("JDISTCC_AGENT", "0")
                    .start(
                            List.of(jdistcc.distcc().toString(), "gcc", "-O2", "-c", "slow.c", "-o", "slow.o"),
                            dir.resolve("client.out"),
                            dir.resolve("client.err"));
            try {
                boolean seenByMonitor = false;
                boolean seenByStatus = false;
                var user = jdistcc.userIn(dir).with("DISTCC_DIR", distccDir.toString());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (client.isAlive() && System.nanoTime() < deadline && !(seenByMonitor && seenByStatus)) {
                    if (!seenByMonitor) {
                        Outcome monitor = user.run(
                                jdistcc.prefix().resolve("bin/distccmon-text").toString());
                        seenByMonitor =
                                monitor.exitCode() == 0 && monitor.stdout().contains("slow.c");
                    }
                    if (!seenByStatus) {
                        seenByStatus = get(http, statsPort, "/status").contains("slow.c");
                    }
                    Thread.sleep(100);
                }
                assertTrue(client.waitFor(5, TimeUnit.MINUTES), "the compile finishes");
                assertEquals(0, client.exitValue(), () -> read(dir.resolve("client.err")));
                assertTrue(seenByMonitor, "distccmon-text showed the running job");
                assertTrue(seenByStatus, "/status showed the running job");
            } finally {
                client.destroyForcibly();
            }
            assertTrue(ours.awaitLines("outcome=ok", 1), ours::log);
            String page = get(http, statsPort, "/");
            assertTrue(page.contains("<distccstats>"), page);
            assertTrue(page.lines().anyMatch(l -> l.equals("dcc_compile_ok 1")), page);
            String metricsAfter = get(http, statsPort, "/metrics");
            String okCounter = "^\\S*jobs_total\\{[^}]*compile_ok[^}]*\\}\\s+([0-9.eE+]+)";
            assertEquals(metric(metricsBefore, okCounter) + 1, metric(metricsAfter, okCounter), metricsAfter);
            Outcome stats = jdistcc.userIn(dir)
                    .with("DISTCC_DIR", distccDir.toString())
                    .run(jdistcc.distcc().toString(), "--show-stats");
            assertEquals(0, stats.exitCode(), stats::toString);
            assertTrue(stats.stdout().contains("127.0.0.1:" + ours.port()), stats.stdout());
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
