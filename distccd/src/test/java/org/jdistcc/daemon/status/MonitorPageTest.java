package org.jdistcc.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.jdistcc.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who gets the live monitor and who gets distcc's page, over real HTTP. */
class MonitorPageTest {
    /** What Chromium 156 sends for a page typed into the address bar. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,"
            + "image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

    final DaemonStats stats =
            new DaemonStats(DaemonStatsTest.INFO, new MovableClock(Instant.parse("2026-11-30T12:00:00Z")));
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    StatsServer server;

    @BeforeEach
    void start() throws Exception {
        server = StatsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), a -> true, stats);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    HttpResponse<String> get(String path, String accept) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean isMonitor(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("").equals("text/html; charset=utf-8")
                && r.body().startsWith("<!doctype html>");
    }

    static boolean isDistccPage(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")
                && r.body().startsWith("argv /distccd\n<distccstats>\n");
    }

    @Test
    void rootGivesBrowsersTheMonitorAndEveryoneElseDistccsPage() throws Exception {
        assertTrue(isMonitor(get("/", BROWSER_ACCEPT)));
        assertTrue(isMonitor(get("/", "text/html")));
        // curl and wget send */*, Python's urllib nothing, scripts often "text/plain".
        for (String accept : new String[] {"*/*", null, "text/plain", "text/*", "text/html;q=0, */*"}) {
            var r = get("/", accept);
            assertTrue(isDistccPage(r), accept + " got " + r.body());
            assertEquals("Accept", r.headers().firstValue("Vary").orElse(""), accept);
        }
    }

    @Test
    void eachPageAlsoHasAPathThatDoesNotDependOnTheAcceptHeader() throws Exception {
        assertTrue(isMonitor(get("/monitor", null)));
        assertTrue(isMonitor(get("/monitor", "*/*")));
        assertTrue(isDistccPage(get("/distccstats", BROWSER_ACCEPT)));
        assertTrue(isDistccPage(get("/anything/else", BROWSER_ACCEPT))); // as distcc: whatever is asked
        assertTrue(get("/status", BROWSER_ACCEPT).body().startsWith("{\"server\":"));
    }

    @Test
    void thePageRunsOnlyItsOwnScriptAndFetchesOnlyFromThisPort() throws Exception {
        var r = get("/monitor", null);
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.startsWith("default-src 'none'; "), csp);
        assertTrue(csp.contains("connect-src 'self'"), csp);
        assertFalse(csp.contains("script-src 'unsafe-inline'"), csp);
        String body = r.body();
        String script = body.substring(body.indexOf("<script>") + 8, body.indexOf("</script>"));
        String hash = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        assertTrue(csp.contains("script-src 'sha256-" + hash + "'"), csp);
        // Nothing from elsewhere: no URL with a scheme or host, no external script, style or image.
        assertFalse(
                Pattern.compile("(?i)(src|href)\\s*=\\s*\"(?!data:)")
                        .matcher(body)
                        .find(),
                "external reference");
        assertFalse(Pattern.compile("(?i)https?://")
                .matcher(body.replace("http://www.w3.org/2000/svg", ""))
                .find());
        // Names from clients are inserted as text: the page never parses strings as HTML.
        assertFalse(body.contains("innerHTML") || body.contains("insertAdjacentHTML") || body.contains("write("));
    }

    @Test
    void acceptHeadersAreReadAsRfc9110MediaRanges() {
        assertTrue(MonitorPage.wantsHtml(List.of("text/plain, TEXT/HTML ;level=1")));
        assertTrue(MonitorPage.wantsHtml(List.of("application/json", "text/html; q=0.5")));
        assertFalse(MonitorPage.wantsHtml(List.of("text/html; q=0")));
        assertFalse(MonitorPage.wantsHtml(List.of("text/html;q=0.000")));
        assertFalse(MonitorPage.wantsHtml(List.of("text/htmlx, application/xhtml+xml")));
        assertFalse(MonitorPage.wantsHtml(null));
    }
}
