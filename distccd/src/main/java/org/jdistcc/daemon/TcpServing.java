package org.jdistcc.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.net.ClientLimits;
import org.jdistcc.daemon.net.Listener;
import org.jdistcc.daemon.net.TlsGate;
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
    @SuppressWarnings("try") // the stats server is only closed with the listener, never used in the block
    static int serve(ServingConfig config, CheckedOptions checked) {
        DaemonOptions options = checked.options();
        InetAddress listen = checked.listen();
        var address = socketAddress(listen, options.port);
        TlsGate gate;
        try {
            gate = TransportSetup.gate(options.transport, LOG);
        } catch (CheckedOptions.Invalid e) {
            LOG.error("not starting: {}", e.getMessage());
            return e.exitCode().code();
        }
        StatsServer statsServer = null;
        if (options.stats) {
            try {
                // Where the compile port listens, behind the same --allow list, as distcc 3.4's.
                statsServer = StatsServer.start(
                        socketAddress(listen, options.statsPort), checked.access()::allows, config.stats());
                LOG.info(
                        "statistics on port {} of {} (/, /metrics, /status)", statsServer.port(), checked.listenText());
            } catch (IOException e) {
                LOG.error("cannot serve --stats on port {}: {}", options.statsPort, e.getMessage());
                return ExitCode.BIND_FAILED.code();
            }
        }
        var limits = new ClientLimits(
                options.maxJobsPerClient, DaemonOptions.parseLimit(options.maxBytesPerMinute), System::nanoTime);
        try (var listener = Listener.bind(
                        address,
                        checked.access(),
                        options.maxConnections,
                        limits,
                        gate,
                        (c, n) -> CompileJob.serve(config, c, n));
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

    /** {@code --listen}'s address, or every address (IPv4 and IPv6) when it is null. */
    private static InetSocketAddress socketAddress(InetAddress listen, int port) {
        return listen == null ? new InetSocketAddress(port) : new InetSocketAddress(listen, port);
    }
}
