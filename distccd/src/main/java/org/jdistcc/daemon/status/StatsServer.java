package org.jdistcc.daemon.status;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The stats port ({@code --stats --stats-port}, default 3633): the JDK's HTTP server, one virtual
 * thread per request.
 *
 * <ul>
 *   <li>{@code /}: the live monitor for a browser (an Accept header naming {@code text/html}),
 *       distcc 3.4's {@code <distccstats>} page for everything else (curl, wget, scripts);
 *   <li>{@code /monitor}: the live monitor, always;
 *   <li>{@code /distccstats}, and any path not listed here: distcc's page, always (distcc 3.4
 *       answers whatever is asked: {@code dcc_service_stats_request} in {@code src/stats.c} does
 *       not even read the request);
 *   <li>{@code /metrics}: Prometheus text format;
 *   <li>{@code /status}: JSON, what the monitor draws.
 * </ul>
 *
 * Only GET and HEAD are served. A client the access check refuses gets {@code 403} and nothing
 * else (distcc 3.4 closes the connection without a word; an HTTP answer tells a Prometheus
 * operator why a scrape fails).
 */
public final class StatsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StatsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on {@code address} (port 0: any free port, see {@link #port()}): distcc 3.4 binds the
     * stats port to the compile port's address, {@code --listen} or every address ({@code
     * src/stats.c: dcc_stats_server}).
     *
     * @param accessCheck whether a client may read the pages: the daemon's {@code --allow} list
     */
    public static StatsServer start(InetSocketAddress address, Predicate<InetAddress> accessCheck, DaemonStats stats)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        var pages = new Pages(stats, HostFigures.linux(), MonitorPage.load());
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(exchange, accessCheck, pages);
            }
        });
        server.start();
        return new StatsServer(server, executor);
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: a scrape in flight is cut, nothing else depends on it. */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private record Pages(DaemonStats stats, HostFigures host, MonitorPage monitor) {}

    private static void serve(HttpExchange exchange, Predicate<InetAddress> accessCheck, Pages pages)
            throws IOException {
        InetAddress peer = exchange.getRemoteAddress().getAddress();
        if (!accessCheck.test(peer)) {
            exchange.sendResponseHeaders(403, -1);
            return;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        boolean head = method.equals("HEAD");
        Headers headers = exchange.getResponseHeaders();
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        String path = exchange.getRequestURI().getPath();
        if (path == null) {
            path = "";
        }
        ServerInfo info = pages.stats().info();
        switch (path) {
            case "/metrics" ->
                respond(
                        exchange,
                        PrometheusPage.CONTENT_TYPE,
                        PrometheusPage.render(pages.stats().snapshot(), info),
                        head);
            case "/status" ->
                respond(
                        exchange,
                        StatusPage.CONTENT_TYPE,
                        StatusPage.render(
                                pages.stats().snapshot(), info, pages.stats().slots()),
                        head);
            case "/monitor" -> monitor(exchange, pages.monitor(), head);
            default -> {
                if (path.equals("/")) {
                    // Caches must keep the two answers of "/" apart.
                    headers.set("Vary", "Accept");
                    if (MonitorPage.wantsHtml(exchange.getRequestHeaders().get("Accept"))) {
                        monitor(exchange, pages.monitor(), head);
                        return;
                    }
                }
                respond(
                        exchange,
                        "text/plain; charset=us-ascii",
                        DistccStatsPage.render(pages.stats().snapshot(), info, pages.host()),
                        head);
            }
        }
    }

    private static void monitor(HttpExchange exchange, MonitorPage monitor, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", monitor.contentSecurityPolicy());
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        respond(exchange, MonitorPage.CONTENT_TYPE, monitor.html(), head);
    }

    private static void respond(HttpExchange exchange, String contentType, String body, boolean head)
            throws IOException {
        respond(exchange, contentType, body.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void respond(HttpExchange exchange, String contentType, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (head) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
