package org.jdistcc.daemon.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The stats port ({@code --stats --stats-port}, default 3633): the JDK's HTTP server, one virtual
 * thread per request.
 *
 * <ul>
 *   <li>{@code /} (and any path not below): the {@code <distccstats>} page of distcc 3.4,
 *   <li>{@code /metrics}: Prometheus text format,
 *   <li>{@code /status}: JSON, the configuration and the jobs being served.
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
     * Listens on {@code address:port} (port 0: any free port, see {@link #port()}).
     *
     * @param accessCheck whether a client may read the pages: the daemon's {@code --allow} list
     */
    public static StatsServer start(
            InetAddress address, int port, Predicate<InetAddress> accessCheck, DaemonStats stats) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        var host = HostFigures.linux();
        server.createContext(
                "/",
                page(
                        accessCheck,
                        "text/plain; charset=us-ascii",
                        s -> DistccStatsPage.render(s, stats.info(), host),
                        stats));
        server.createContext(
                "/metrics",
                page(accessCheck, PrometheusPage.CONTENT_TYPE, s -> PrometheusPage.render(s, stats.info()), stats));
        server.createContext(
                "/status", page(accessCheck, StatusPage.CONTENT_TYPE, s -> StatusPage.render(s, stats.info()), stats));
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

    private static HttpHandler page(
            Predicate<InetAddress> accessCheck,
            String contentType,
            Function<DaemonStats.Snapshot, String> render,
            DaemonStats stats) {
        return exchange -> {
            try (exchange) {
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
                byte[] body = render.apply(stats.snapshot()).getBytes(StandardCharsets.UTF_8);
                respond(exchange, contentType, body, method.equals("HEAD"));
            }
        };
    }

    private static void respond(HttpExchange exchange, String contentType, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
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
