package org.jdistcc.client.discovery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jdistcc.client.hosts.DiscoveryWord;
import org.jdistcc.common.dns.DnsRecord;

/**
 * {@code +srv=DOMAIN} and {@code +addresses=NAME} through DNS. Each volunteer found is written by
 * its address, so its lock, backoff and learned-speed files are keyed by address (distcc's TODO:
 * "blacklist/lock by IP, not by name"), as distcc 3.4's own {@code +zeroconf} hosts are.
 */
final class DnsVolunteers {
    static final String SERVICE = "_distcc._tcp.";

    /** Bounds what one word may expand to. */
    static final int MAX_VOLUNTEERS = 64;

    private final DnsLookup dns;
    private final RandomGenerator random;

    DnsVolunteers(DnsLookup dns, RandomGenerator random) {
        this.dns = dns;
        this.random = random;
    }

    /** The SRV records of {@code _distcc._tcp.DOMAIN} (DOMAIN as is when it starts with {@code _}), in RFC 2782 order. */
    Expansion srv(DiscoveryWord word) {
        String name = word.name().startsWith("_") ? word.name() : SERVICE + word.name();
        List<DnsRecord> records;
        try {
            records = dns.lookup(name, DnsRecord.TYPE_SRV);
        } catch (DnsLookup.Failure e) {
            return Expansion.failed(word.word() + ": " + e.getMessage() + "; its volunteers are not used");
        }
        List<DnsRecord.Srv> srvs = records.stream()
                .filter(r -> r instanceof DnsRecord.Srv s && s.name().equalsIgnoreCase(name))
                .map(r -> (DnsRecord.Srv) r)
                .toList();
        long ttl = srvs.stream().mapToLong(DnsRecord::ttl).min().orElse(0);
        List<String> words = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (DnsRecord.Srv srv : SrvOrder.order(srvs, random)) {
            if (words.size() >= MAX_VOLUNTEERS) {
                warnings.add(word.word() + ": more than " + MAX_VOLUNTEERS + " volunteers; the rest are not used");
                break;
            }
            List<DnsRecord.Address> addresses = fromAdditional(records, srv.target());
            if (addresses.isEmpty()) {
                try {
                    addresses = addresses(srv.target());
                } catch (DnsLookup.Failure e) {
                    warnings.add(word.word() + ": " + srv.target() + " (port " + srv.port() + "): " + e.getMessage());
                    continue;
                }
            }
            // One machine, one volunteer: a dual-stack machine's IPv4 address, as lsdistcc prefers.
            DnsRecord.Address chosen = addresses.getFirst();
            ttl = Math.min(ttl, chosen.ttl());
            words.add(hostWord(chosen.address(), srv.port(), word.suffix()));
        }
        return new Expansion(words, warnings, Duration.ofSeconds(ttl));
    }

    /** One volunteer per address of NAME: its A records, or its AAAA records when it has no A. */
    Expansion addresses(DiscoveryWord word) {
        List<DnsRecord.Address> addresses;
        try {
            addresses = addresses(word.name());
        } catch (DnsLookup.Failure e) {
            return Expansion.failed(word.word() + ": " + e.getMessage() + "; its volunteers are not used");
        }
        Set<String> words = new LinkedHashSet<>();
        long ttl = Long.MAX_VALUE;
        for (DnsRecord.Address a : addresses) {
            if (words.size() < MAX_VOLUNTEERS) {
                words.add(hostWord(a.address(), word.port(), word.suffix()));
                ttl = Math.min(ttl, a.ttl());
            }
        }
        List<String> warnings = addresses.size() > MAX_VOLUNTEERS
                ? List.of(word.word() + ": more than " + MAX_VOLUNTEERS + " addresses; the rest are not used")
                : List.of();
        return new Expansion(List.copyOf(words), warnings, Duration.ofSeconds(ttl));
    }

    /** A records, else AAAA records. */
    private List<DnsRecord.Address> addresses(String name) throws DnsLookup.Failure {
        try {
            return onlyAddresses(dns.lookup(name, DnsRecord.TYPE_A), DnsRecord.TYPE_A);
        } catch (DnsLookup.Failure noA) {
            if (!noA.notFound) {
                throw noA;
            }
            try {
                return onlyAddresses(dns.lookup(name, DnsRecord.TYPE_AAAA), DnsRecord.TYPE_AAAA);
            } catch (DnsLookup.Failure noAaaa) {
                throw noA; // "no A records" says more than "no AAAA records"
            }
        }
    }

    /** The answers to an address question: the CNAME chain's end included, whatever its name. */
    private static List<DnsRecord.Address> onlyAddresses(List<DnsRecord> records, int type) {
        return records.stream()
                .filter(r -> r instanceof DnsRecord.Address && r.type() == type)
                .map(r -> (DnsRecord.Address) r)
                .distinct()
                .toList();
    }

    private static List<DnsRecord.Address> fromAdditional(List<DnsRecord> records, String target) {
        List<DnsRecord.Address> found = new ArrayList<>();
        for (int type : new int[] {DnsRecord.TYPE_A, DnsRecord.TYPE_AAAA}) {
            for (DnsRecord r : records) {
                if (r instanceof DnsRecord.Address a
                        && a.type() == type
                        && a.name().equalsIgnoreCase(target)) {
                    found.add(a);
                }
            }
        }
        return found;
    }

    /** The host-list word for a volunteer at {@code address}: IPv6 in brackets, as distcc 3.4 writes it. */
    static String hostWord(InetAddress address, int port, String suffix) {
        String text = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + text + "]" : text) + ":" + port + suffix;
    }
}
