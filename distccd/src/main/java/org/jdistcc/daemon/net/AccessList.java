package org.jdistcc.daemon.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** The clients allowed to connect ({@code --allow}, {@code --allow-private}; distcc's access.c). */
public record AccessList(List<Cidr> allowed) {
    /**
     * distcc 3.4's private networks ({@code src/dopt.c}), with {@code ::1} which its off-by-one
     * loop drops.
     */
    static final List<String> PRIVATE_NETWORKS =
            List.of("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "127.0.0.0/8", "fe80::/10", "fc00::/7", "::1/128");

    public AccessList {
        allowed = List.copyOf(allowed);
    }

    public static AccessList of(List<String> allow, boolean allowPrivate) {
        var list = new ArrayList<Cidr>();
        for (String a : allow) {
            list.add(Cidr.parse(a));
        }
        if (allowPrivate) {
            for (String a : PRIVATE_NETWORKS) {
                list.add(Cidr.parse(a));
            }
        }
        return new AccessList(list);
    }

    public boolean isEmpty() {
        return allowed.isEmpty();
    }

    public boolean allows(InetAddress address) {
        for (Cidr c : allowed) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An IPv4-mapped IPv6 address (a dual-stack socket) compares as the IPv4 address. */
    static InetAddress canonical(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }
}
