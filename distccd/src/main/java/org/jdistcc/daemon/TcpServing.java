package org.jdistcc.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.net.Listener;
import org.jdistcc.daemon.serving.CompileJob;
import org.jdistcc.daemon.serving.ServingConfig;
import org.jdistcc.daemon.status.StatsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listening daemon: the compile port, and with {@code --stats} the stats port, until killed. */
final class TcpServing {
    private static final Logger LOG = LoggerFactory.getLogger(TcpServing.class);

    private TcpServing() {}

    /** Serves until the process ends; returns an exit code only when a port cannot be bound. */
    static int serve(ServingConfig config, CheckedOptions checked) {
        DaemonOptions options = checked.options();
        InetAddress listen = checked.listen();
        var address =
                listen == null ? new InetSocketAddress(options.port) : new InetSocketAddress(listen, options.port);
        StatsServer statsServer = null;
        if (options.stats) {
            try {
                statsServer = StatsServer.start(
                        listen == null ? InetAddress.getLoopbackAddress() : listen,
                        options.statsPort,
                        checked.access()::allows,
                        config.stats());
                LOG.info(
                        "statistics on http://{}:{}/ (also /metrics, /status)",
                        listen == null ? "127.0.0.1" : listen.getHostAddress(),
                        statsServer.port());
            } catch (IOException e) {
                LOG.error("cannot serve --stats on port {}: {}", options.statsPort, e.getMessage());
                return ExitCode.BIND_FAILED.code();
            }
        }
        try (var listener = Listener.bind(
                        address, checked.access(), options.maxConnections, (c, n) -> CompileJob.serve(config, c, n));
                var closeStats = statsServer) {
            LOG.info(
                    "listening on {}:{}; {} compile slots, {} connections; allowing {}; compiler path {}",
                    checked.listenText(),
                    listener.port(),
                    Wiring.compileSlots(options),
                    options.maxConnections,
                    checked.access().allowed(),
                    config.locator().searchPath());
            listener.serve();
            return 0;
        } catch (IOException e) {
            LOG.error("cannot listen on {}: {}", address, e.getMessage());
            return ExitCode.BIND_FAILED.code();
        }
    }
}
