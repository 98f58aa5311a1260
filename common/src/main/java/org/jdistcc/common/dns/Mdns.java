package org.jdistcc.common.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Multicast DNS's group and port (RFC 6762 section 3) and the interfaces it is spoken on. */
public final class Mdns {
    public static final InetSocketAddress GROUP = new InetSocketAddress(groupAddress(), 5353);

    /** Bounds the interfaces queried and answered on. */
    static final int MAX_INTERFACES = 32;

    private Mdns() {}

    /** Interfaces that are up, multicast-capable, not loopback, and have an IPv4 address (3.4 registers IPv4 only). */
    public static List<NetworkInterface> interfaces() {
        List<NetworkInterface> found = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (found.size() < MAX_INTERFACES
                        && nif.isUp()
                        && nif.supportsMulticast()
                        && !nif.isLoopback()
                        && !ipv4(nif).isEmpty()) {
                    found.add(nif);
                }
            }
        } catch (SocketException e) {
            // no interfaces to speak on
        }
        return found;
    }

    /** The IPv4 addresses of {@code nif}. */
    public static List<InetAddress> ipv4(NetworkInterface nif) {
        return Collections.list(nif.getInetAddresses()).stream()
                .filter(a -> a instanceof Inet4Address)
                .toList();
    }

    private static InetAddress groupAddress() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 224, 0, 0, (byte) 251});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
