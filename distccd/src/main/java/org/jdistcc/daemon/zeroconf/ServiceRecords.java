package org.jdistcc.daemon.zeroconf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdistcc.common.dns.DistccService;
import org.jdistcc.common.dns.DnsQuestion;
import org.jdistcc.common.dns.DnsRecord;

/**
 * The records this volunteer owns and which of them answer a question (RFC 6763 sections 4 to 12):
 * PTRs from the service type, its compiler subtype and DNS-SD's service list; the instance's SRV and
 * TXT; and the address records of the SRV's target, a host name of the daemon's own
 * ({@code jdistccd-HOST.local}) so that avahi's records for {@code HOST.local} on the same machine
 * are never contradicted. TTLs as avahi's: 120 s for records naming a host, 4500 s for the rest
 * (RFC 6762 section 10).
 */
final class ServiceRecords {
    static final long HOST_TTL = 120;
    static final long OTHER_TTL = 4500;

    final String instance;
    final String target;
    private final String subtype;
    private final DnsRecord.Srv srv;
    private final DnsRecord.Txt txt;
    private final List<DnsRecord.Address> addresses;

    /**
     * @param label the instance's first label ({@code distcc@HOST}, or with {@code " #2"} after a clash)
     * @param cc what {@code cc} says of itself, or null: then no subtype, as 3.4 when it cannot ask
     */
    ServiceRecords(
            String label,
            String hostLabel,
            int port,
            List<String> txt,
            DistccService.CcFacts cc,
            List<InetAddress> addresses) {
        this.instance = label.replace(".", "\\.") + "." + DistccService.TYPE;
        this.target = hostLabel + ".local";
        this.subtype = cc == null ? null : DistccService.subtype(cc);
        this.srv = new DnsRecord.Srv(instance, HOST_TTL, 0, 0, port, target);
        this.txt = new DnsRecord.Txt(instance, OTHER_TTL, txt);
        this.addresses = addresses.stream()
                .map(a -> new DnsRecord.Address(target, HOST_TTL, a))
                .toList();
    }

    /** The answers to {@code q} (empty when none is ours) and, after them, what the asker will want next. */
    Reply answer(DnsQuestion q) {
        String name = q.name();
        int type = q.type();
        boolean any = type == DnsRecord.TYPE_ANY;
        List<DnsRecord> answers = new ArrayList<>();
        List<DnsRecord> additional = new ArrayList<>();
        if ((type == DnsRecord.TYPE_PTR || any)
                && (same(name, DistccService.TYPE) || (subtype != null && same(name, subtype)))) {
            answers.add(new DnsRecord.Ptr(name, OTHER_TTL, instance));
            additional.add(srv);
            additional.add(txt);
            additional.addAll(addresses);
        } else if ((type == DnsRecord.TYPE_PTR || any) && same(name, DistccService.SERVICES)) {
            answers.add(new DnsRecord.Ptr(name, OTHER_TTL, DistccService.TYPE));
        } else if (same(name, instance)) {
            if (type == DnsRecord.TYPE_SRV || any) {
                answers.add(srv);
                additional.addAll(addresses);
            }
            if (type == DnsRecord.TYPE_TXT || any) {
                answers.add(txt);
            }
        } else if (same(name, target) && (type == DnsRecord.TYPE_A || any)) {
            answers.addAll(addresses);
        }
        return new Reply(answers, additional);
    }

    /** Every record, for an announcement (RFC 6762 section 8.3) or, with TTL 0, a goodbye. */
    List<DnsRecord> all(boolean goodbye) {
        List<DnsRecord> all = new ArrayList<>();
        all.add(new DnsRecord.Ptr(DistccService.TYPE, OTHER_TTL, instance));
        if (subtype != null) {
            all.add(new DnsRecord.Ptr(subtype, OTHER_TTL, instance));
        }
        all.add(new DnsRecord.Ptr(DistccService.SERVICES, OTHER_TTL, DistccService.TYPE));
        all.add(srv);
        all.add(txt);
        all.addAll(addresses);
        return goodbye ? all.stream().map(ServiceRecords::withoutTtl).toList() : all;
    }

    /** Answers and additional records, the latter without those already answered. */
    record Reply(List<DnsRecord> answers, List<DnsRecord> additional) {
        Reply {
            Set<DnsRecord> seen = new LinkedHashSet<>(answers);
            additional = additional.stream()
                    .filter(r -> !seen.contains(r))
                    .distinct()
                    .toList();
            answers = List.copyOf(new LinkedHashSet<>(answers));
        }

        boolean isEmpty() {
            return answers.isEmpty();
        }
    }

    static DnsRecord withTtlAtMost(DnsRecord r, long max) {
        return r.ttl() <= max ? r : withTtl(r, max);
    }

    private static DnsRecord withoutTtl(DnsRecord r) {
        return withTtl(r, 0);
    }

    private static DnsRecord withTtl(DnsRecord r, long ttl) {
        return switch (r) {
            case DnsRecord.Ptr p -> new DnsRecord.Ptr(p.name(), ttl, p.target());
            case DnsRecord.Srv s -> new DnsRecord.Srv(s.name(), ttl, s.priority(), s.weight(), s.port(), s.target());
            case DnsRecord.Txt t -> new DnsRecord.Txt(t.name(), ttl, t.strings());
            case DnsRecord.Address a -> new DnsRecord.Address(a.name(), ttl, a.address());
        };
    }

    private static boolean same(String a, String b) {
        return a.equalsIgnoreCase(b);
    }
}
