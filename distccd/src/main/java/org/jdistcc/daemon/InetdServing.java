package org.jdistcc.daemon;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.net.ClientConnection;
import org.jdistcc.daemon.net.SocketConnection;
import org.jdistcc.daemon.net.StreamConnection;
import org.jdistcc.daemon.net.TlsGate;
import org.jdistcc.daemon.serving.CompileJob;
import org.jdistcc.daemon.serving.ServingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --inetd}: one client on stdin/stdout, as inetd, systemd socket activation or ssh hands it
 * over, served as one job; then the process exits.
 */
final class InetdServing {
    private static final Logger LOG = LoggerFactory.getLogger(InetdServing.class);

    private InetdServing() {}

    /** Serves the one client; returns the process's exit code. */
    static int serve(ServingConfig config, CheckedOptions checked) {
        DaemonOptions options = checked.options();
        // A pipe has no read timeout: bound the whole process instead.
        long bound = options.requestTimeout + (long) options.jobLifetime + 30;
        Thread.ofVirtual().name("inetd-bound").start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(bound));
            } catch (InterruptedException e) {
                return;
            }
            LOG.warn("inetd job still running after {} s, exiting", bound);
            System.exit(ExitCode.TIMEOUT.code());
        });
        Channel inherited = checked.inherited();
        TlsGate gate = null;
        if (inherited instanceof SocketChannel channel) {
            try {
                InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
                if (!checked.access().allows(peer.getAddress())) {
                    LOG.warn(
                            "inetd client {} refused: not in the --allow list",
                            peer.getAddress().getHostAddress());
                    channel.close();
                    return ExitCode.ACCESS_DENIED.code();
                }
                gate = TransportSetup.gate(options.transport, LOG);
            } catch (IOException e) {
                LOG.warn("inetd client: {}", e.toString());
                return ExitCode.IO_ERROR.code();
            } catch (CheckedOptions.Invalid e) {
                LOG.error("not serving: {}", e.getMessage());
                return e.exitCode().code();
            }
        }
        // A pipe (ssh) is served as it is: ssh has authenticated and encrypted it.
        try (ClientConnection connection = connectionOf(inherited, gate)) {
            if (connection == null) {
                return ExitCode.ACCESS_DENIED.code(); // the TLS gate refused it, and said why
            }
            CompileJob.serve(config, connection, 1);
            return 0;
        } catch (IOException e) {
            LOG.warn("inetd client: {}", e.toString());
            return ExitCode.IO_ERROR.code();
        }
    }

    private static ClientConnection connectionOf(Channel inherited, TlsGate gate) throws IOException {
        if (inherited instanceof SocketChannel channel) {
            return gate == null ? new SocketConnection(channel.socket()) : gate.open(channel.socket(), 1, null);
        }
        return new StreamConnection(
                new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), "stdin");
    }
}
