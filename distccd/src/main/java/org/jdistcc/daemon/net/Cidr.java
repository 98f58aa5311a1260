package org.jdistcc.daemon.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address block, {@code 10.0.0.0/8} or {@code fe80::/10}; a bare address is a /32 or /128. The
 * array component is copied in and out, and equality compares its bytes.
 */
@SuppressWarnings("ArrayRecordComponent")
public record Cidr(byte[] network, int bits) {
    public Cidr {
        network = network.clone();
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        boolean literal =
                host.contains(":") ? host.matches("[0-9A-Fa-f:.]+") : host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!literal) {
            // Address literals only, as distcc 3.4 (src/access.c): a name would need DNS.
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
        int max = address.length * 8;
        int bits;
        try {
            bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'", e);
        }
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'");
        }
        return new Cidr(address, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = AccessList.canonical(address).getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.bits == bits && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + bits;
    }
}
