package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.FreePort;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.Test;

/**
 * {@code --stats} on a real daemon: the stats port listens where the compile port listens (every
 * address by default, as distcc 3.4's {@code dcc_stats_server} binds {@code opt_listen_addr}), and
 * answers only clients the {@code --allow} list admits.
 */
class StatsPortTest {
    @Test
    void withoutListenServesStatsOnEveryAddressToAllowedClientsOnly() throws Exception {
        int statsPort = FreePort.find();
        Optional<InetAddress> external = nonLoopbackAddress();
        var args = new ArrayList<>(List.of("--stats", "--stats-port", Integer.toString(statsPort)));
        external.ifPresent(a -> args.addAll(List.of("--allow", a.getHostAddress())));
        RunningDaemon daemon = DaemonSetup.ours()
                .listenEverywhere()
                .args(args.toArray(String[]::new))
                .start();
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            assertTrue(get(loopback, loopback, statsPort).startsWith("HTTP/1.1 200"));
            // 127.0.0.2 is not where a loopback-only server listens, and not in --allow: reached, refused.
            InetAddress other = loopback(2);
            assertConnects(other, daemon.port());
            assertTrue(get(other, other, statsPort).startsWith("HTTP/1.1 403"), daemon.log());
            if (external.isPresent()) {
                // A request from this machine's own network address, as Prometheus's would come.
                String page = get(external.get(), external.get(), statsPort);
                assertTrue(page.startsWith("HTTP/1.1 200"), page);
                assertTrue(page.contains("<distccstats>"), page);
            }
            assertTrue(daemon.log().contains("statistics on port " + statsPort + " of *"), daemon.log());
        } finally {
            daemon.close();
        }
    }

    @Test
    void withListenServesStatsOnlyOnThatAddress() throws Exception {
        int statsPort = FreePort.find();
        RunningDaemon daemon = DaemonSetup.ours()
                .listen("127.0.0.2")
                .args("--allow", "127.0.0.2", "--stats", "--stats-port", Integer.toString(statsPort))
                .start();
        try {
            InetAddress listen = loopback(2);
            InetAddress elsewhere = InetAddress.getLoopbackAddress();
            assertConnects(listen, daemon.port());
            assertTrue(get(listen, listen, statsPort).startsWith("HTTP/1.1 200"));
            // Neither port is open on another address.
            assertThrows(ConnectException.class, () -> connect(elsewhere, elsewhere, daemon.port()));
            assertThrows(ConnectException.class, () -> connect(elsewhere, elsewhere, statsPort));
        } finally {
            daemon.close();
        }
    }

    /** 127.0.0.{@code last}: every 127/8 address is this machine's. */
    private static InetAddress loopback(int last) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    /** A GET of {@code /} sent from {@code from} to {@code to}; the whole answer, headers first. */
    private static String get(InetAddress from, InetAddress to, int port) throws IOException {
        try (Socket socket = connect(from, to, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /**
     * The port answers at {@code to}. A daemon that does not admit {@code to} resets the connection
     * at once after accepting it, sometimes before our connect has seen its handshake finish: that
     * reset is an answer too (nobody listening is a refusal, {@link ConnectException}).
     */
    private static void assertConnects(InetAddress to, int port) throws IOException {
        try (Socket socket = connect(to, to, port)) {
            assertEquals(to, socket.getInetAddress());
        } catch (java.net.SocketException e) {
            if (e instanceof ConnectException || !String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
        }
    }

    private static Socket connect(InetAddress from, InetAddress to, int port) throws IOException {
        var socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(to, port), 5_000);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** An IPv4 address of this machine outside 127/8, if it has one that is up. */
    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(StatsPortTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
