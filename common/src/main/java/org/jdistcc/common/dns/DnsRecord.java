package org.jdistcc.common.dns;

import java.net.InetAddress;
import java.util.List;

/** A resource record of one of the types discovery reads or writes (RFC 1035 section 3.2). */
public sealed interface DnsRecord {
    int TYPE_A = 1;
    int TYPE_PTR = 12;
    int TYPE_TXT = 16;
    int TYPE_AAAA = 28;
    int TYPE_SRV = 33;
    int TYPE_ANY = 255;
    int CLASS_IN = 1;

    /** The owner name, without the final dot ({@code _distcc._tcp.example.org}). */
    String name();

    /** Seconds the record may be cached; 0 in an mDNS goodbye (RFC 6762 section 10.1). */
    long ttl();

    int type();

    /** A DNS-SD service instance: {@code name} is the service type, {@code target} the instance. */
    record Ptr(String name, long ttl, String target) implements DnsRecord {
        @Override
        public int type() {
            return TYPE_PTR;
        }
    }

    /** RFC 2782: where a service runs, in priority then weight order. */
    record Srv(String name, long ttl, int priority, int weight, int port, String target) implements DnsRecord {
        @Override
        public int type() {
            return TYPE_SRV;
        }
    }

    /** DNS-SD's key=value strings (RFC 6763 section 6), each at most 255 bytes. */
    record Txt(String name, long ttl, List<String> strings) implements DnsRecord {
        public Txt {
            strings = List.copyOf(strings);
        }

        @Override
        public int type() {
            return TYPE_TXT;
        }

        /** The value of {@code key=value}, or null when the key is absent (RFC 6763 section 6.4). */
        public String value(String key) {
            for (String s : strings) {
                if (s.regionMatches(true, 0, key + "=", 0, key.length() + 1)) {
                    return s.substring(key.length() + 1);
                }
            }
            return null;
        }
    }

    /** An A (IPv4) or AAAA (IPv6) record. */
    record Address(String name, long ttl, InetAddress address) implements DnsRecord {
        @Override
        public int type() {
            return address.getAddress().length == 4 ? TYPE_A : TYPE_AAAA;
        }
    }
}
