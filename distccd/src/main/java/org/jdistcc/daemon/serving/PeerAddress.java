package org.jdistcc.daemon.serving;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A connection's peer as the statistics want it, from the name the connection gives for logs. */
final class PeerAddress {
    private PeerAddress() {}

    /** {@code 127.0.0.1:40312} or {@code [::1]:40312}; anything else (a pipe under --inetd) as loopback port 0. */
    static InetSocketAddress of(String peer) {
        int colon = peer.lastIndexOf(':');
        try {
            if (colon > 0) {
                String host = peer.substring(0, colon).replace("[", "").replace("]", "");
                return new InetSocketAddress(InetAddress.ofLiteral(host), Integer.parseInt(peer.substring(colon + 1)));
            }
        } catch (IllegalArgumentException e) {
            // a pipe (--inetd) or an odd name: reported without an address
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
