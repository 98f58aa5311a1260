package org.jdistcc.client.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jdistcc.common.dns.DnsRecord;

/**
 * RFC 2782's order of SRV records: lowest priority first; within a priority, a weighted random
 * draw, so a record of weight 60 comes first three times as often as one of weight 20. A record
 * whose target is "." says the service is not offered there.
 */
final class SrvOrder {
    private SrvOrder() {}

    static List<DnsRecord.Srv> order(List<DnsRecord.Srv> records, RandomGenerator random) {
        List<DnsRecord.Srv> offered = new ArrayList<>(records.stream()
                .filter(r -> !r.target().isEmpty() && !r.target().equals("."))
                .sorted(Comparator.comparingInt(DnsRecord.Srv::priority))
                .toList());
        List<DnsRecord.Srv> ordered = new ArrayList<>();
        int i = 0;
        while (i < offered.size()) {
            int priority = offered.get(i).priority();
            List<DnsRecord.Srv> group = new ArrayList<>();
            while (i < offered.size() && offered.get(i).priority() == priority) {
                group.add(offered.get(i++));
            }
            // "all those with weight 0 are placed at the beginning of the list" (RFC 2782, Usage rules)
            group.sort(Comparator.comparingInt(r -> r.weight() == 0 ? 0 : 1));
            while (!group.isEmpty()) {
                long sum = group.stream().mapToLong(DnsRecord.Srv::weight).sum();
                long draw = sum == 0 ? 0 : random.nextLong(sum + 1);
                long running = 0;
                for (int k = 0; k < group.size(); k++) {
                    running += group.get(k).weight();
                    if (running >= draw) {
                        ordered.add(group.remove(k));
                        break;
                    }
                }
            }
        }
        return ordered;
    }
}
