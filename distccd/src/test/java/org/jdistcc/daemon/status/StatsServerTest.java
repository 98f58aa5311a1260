package org.jdistcc.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jdistcc.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real stats server on 127.0.0.1, read with real HTTP requests. */
class StatsServerTest {
    /** What Debian's distccd 3.4 --stats served after two good compiles and one error (captured). */
    static final String DEBIAN_PAGE = """
            argv /distccd
            <distccstats>
            dcc_tcp_accept 3
            dcc_rej_bad_req 0
            dcc_rej_overload 0
            dcc_compile_ok 2
            dcc_compile_error 1
            dcc_compile_timeout 0
            dcc_cli_disconnect 0
            dcc_other 0
            dcc_longest_job hello.c
            dcc_longest_job_compiler x86_64-linux-gnu-gcc
            dcc_longest_job_time_msecs 102
            dcc_max_kids 2
            dcc_avg_kids1 0
            dcc_avg_kids2 0
            dcc_avg_kids3 0
            dcc_current_load 4
            dcc_load1 2.30
            dcc_load2 3.22
            dcc_load3 2.85
            dcc_num_compiles1 0
            dcc_num_compiles2 0
            dcc_num_compiles3 0
            dcc_num_procstate_D 0
            dcc_max_RSS 36488
            dcc_max_RSS_name (java)
            dcc_io_rate -1
            dcc_free_space 81395 MB
            </distccstats>
            """;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T12:00:00Z"));
    final DaemonStats stats = new DaemonStats(DaemonStatsTest.INFO, clock);
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    StatsServer server;
    volatile Predicate<InetAddress> access = a -> true;

    @BeforeEach
    void start() throws Exception {
        server = StatsServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), a -> access.test(a), stats);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    void jobs() {
        var ok = stats.jobStarted(new InetSocketAddress(InetAddress.getLoopbackAddress(), 41268));
        ok.request("x86_64-linux-gnu-gcc", "hello.c");
        clock.advance(Duration.ofMillis(102));
        ok.finished(JobResult.COMPILE_OK, 17_991, 1_412);
        var error = stats.jobStarted(new InetSocketAddress(InetAddress.getLoopbackAddress(), 41274));
        error.request("x86_64-linux-gnu-gcc", "bad.c");
        clock.advance(Duration.ofMillis(75));
        error.finished(JobResult.COMPILE_ERROR, 200, 180);
    }

    static List<String> names(String page) {
        return page.lines().map(l -> l.split(" ", -1)[0]).toList();
    }

    @Test
    void rootServesDistccsStatsPageWithTheSameNamesAndLayout() throws Exception {
        jobs();
        var r = get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String page = r.body();
        assertEquals(names(DEBIAN_PAGE), names(page), page);
        // Every value has the format distcc prints.
        Pattern line = Pattern.compile("dcc_[a-zA-Z_0-9]+ (-?\\d+|-?\\d+\\.\\d\\d|\\S+|-?\\d+ MB)");
        page.lines().skip(2).limit(27).forEach(l -> assertTrue(line.matcher(l).matches(), l));
        assertTrue(page.contains("\ndcc_tcp_accept 2\n"), page);
        assertTrue(page.contains("\ndcc_compile_ok 1\ndcc_compile_error 1\n"), page);
        assertTrue(
                page.contains(
                        "\ndcc_longest_job hello.c\ndcc_longest_job_compiler x86_64-linux-gnu-gcc\ndcc_longest_job_time_msecs 102\ndcc_max_kids 4\n"),
                page);
        assertTrue(page.contains("\ndcc_num_compiles1 2\ndcc_num_compiles2 2\ndcc_num_compiles3 2\n"), page);
        assertTrue(Pattern.compile("\ndcc_free_space \\d+ MB\n").matcher(page).find(), page);
        // distcc answers whatever the path.
        assertEquals(names(page), names(get("/anything").body()));
    }

    @Test
    void anEmptyDaemonSaysNoneAndMinusOneLikeDistcc() throws Exception {
        String page = get("/").body();
        assertTrue(
                page.contains("\ndcc_longest_job none\ndcc_longest_job_compiler none\ndcc_longest_job_time_msecs -1\n"),
                page);
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        jobs();
        var running = stats.jobStarted(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000));
        var r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals(
                PrometheusPage.CONTENT_TYPE,
                r.headers().firstValue("Content-Type").orElse(""));
        String m = r.body();
        assertTrue(m.contains("\ndistccd_build_info{version=\"0.1.0\"} 1\n"), m);
        assertTrue(
                m.contains("\ndistccd_config_info{listen=\"127.0.0.1\",port=\"3632\",jobs=\"4\","
                        + "compression=\"none,lzo,lz4\",allowed=\"127.0.0.1/32\",cache=\"off\"} 1\n"),
                m);
        assertTrue(m.contains("\ndistccd_uptime_seconds 0.177\n"), m);
        assertTrue(m.contains("\ndistccd_start_time_seconds 1796040000\n"), m);
        assertTrue(m.contains("\ndistccd_connections_total 3\n"), m);
        assertTrue(m.contains("\ndistccd_jobs_total{outcome=\"compile_ok\"} 1\n"), m);
        assertTrue(m.contains("\ndistccd_jobs_total{outcome=\"compile_error\"} 1\n"), m);
        assertTrue(m.contains("\ndistccd_jobs_total{outcome=\"rejected_overload\"} 0\n"), m);
        assertTrue(m.contains("\ndistccd_jobs_running 1\n"), m);
        assertTrue(m.contains("\ndistccd_received_bytes_total 18191\n"), m);
        assertTrue(m.contains("\ndistccd_sent_bytes_total 1592\n"), m);
        assertTrue(m.contains("\ndistccd_compile_duration_seconds_bucket{le=\"0.05\"} 0\n"), m);
        assertTrue(m.contains("\ndistccd_compile_duration_seconds_bucket{le=\"0.1\"} 1\n"), m);
        assertTrue(m.contains("\ndistccd_compile_duration_seconds_bucket{le=\"0.25\"} 2\n"), m);
        assertTrue(m.contains("\ndistccd_compile_duration_seconds_bucket{le=\"+Inf\"} 2\n"), m);
        assertTrue(m.contains("\ndistccd_compile_duration_seconds_sum 0.177\n"), m);
        assertTrue(m.contains("\ndistccd_compile_duration_seconds_count 2\n"), m);
        // Every line is a comment or "name{labels} value".
        Pattern sample =
                Pattern.compile("# (HELP|TYPE) .*|[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*})? \\S+");
        m.lines().forEach(l -> assertTrue(sample.matcher(l).matches(), l));
        running.close();
    }

    @Test
    void statusListsRunningJobsAsProperlyEscapedJson() throws Exception {
        var job = stats.jobStarted(new InetSocketAddress(InetAddress.getLoopbackAddress(), 41268));
        job.request("gcc", "we\"ird\\name\n\u0001.c");
        job.sourceReceived(17949);
        clock.advance(Duration.ofMillis(250));
        var r = get("/status");
        assertEquals(200, r.statusCode());
        assertEquals(
                StatusPage.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
        String body = r.body();
        assertTrue(
                body.startsWith("{\"server\":{\"version\":\"0.1.0\",\"listen\":\"127.0.0.1\",\"port\":3632,"
                        + "\"jobs\":4,\"compression\":[\"none\",\"lzo\",\"lz4\"],\"allowed\":[\"127.0.0.1/32\"],"
                        + "\"cache\":\"off\",\"started_at\":\"2026-11-30T12:00:00Z\",\"uptime_seconds\":0},"),
                body);
        assertTrue(
                body.contains(
                        "\n {\"id\":1,\"client\":\"127.0.0.1:41268\",\"source\":\"we\\\"ird\\\\name\\n\\u0001.c\","
                                + "\"size\":17949,\"compiler\":\"gcc\",\"phase\":\"wait\",\"compile_start_ms\":null,"
                                + "\"received_at\":\"2026-11-30T12:00:00Z\",\"elapsed_ms\":250}\n"),
                body);
        assertTrue(
                body.endsWith("\"totals\":{\"connections\":1,\"compile_ok\":0,\"compile_error\":0,"
                        + "\"compile_timeout\":0,\"client_disconnected\":0,\"rejected_bad_request\":0,"
                        + "\"rejected_overload\":0,\"other\":0,\"bytes_in\":0,\"bytes_out\":0,\"cache_hits\":0,"
                        + "\"cache_shared_hits\":0,\"cache_misses\":0,\"cache_errors\":0,\"cache_bytes\":0}}\n"),
                body);
        job.close();
        assertTrue(get("/status").body().contains("\"running\":[],"));
    }

    @Test
    void clientsOutsideTheAllowListGetForbiddenAndNoFigures() throws Exception {
        access = a -> false;
        for (String path : List.of("/", "/metrics", "/status")) {
            var r = get(path);
            assertEquals(403, r.statusCode(), path);
            assertEquals("", r.body());
        }
        access = a -> a.isLoopbackAddress();
        assertEquals(200, get("/metrics").statusCode());
    }

    @Test
    void onlyGetAndHeadAreServed() throws Exception {
        var post = send(HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, post.statusCode());
        var head = send(HttpRequest.newBuilder(uri("/status")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void closingFreesThePort() throws Exception {
        int port = server.port();
        server.close();
        server = StatsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), a -> true, stats);
        assertEquals(200, get("/").statusCode());
    }
}
