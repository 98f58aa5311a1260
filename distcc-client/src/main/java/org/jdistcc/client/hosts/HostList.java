package org.jdistcc.client.hosts;

import java.util.List;

/**
 * A parsed host list with its global settings.
 *
 * @param definitions each host as written in the list ({@code distcc --show-hosts} prints them)
 * @param localSlots how many compiles may run on this machine at once ({@code --localslots})
 * @param localSlotsCpp how many local preprocessors may run at once ({@code --localslots_cpp})
 * @param warnings entries that were skipped, and why, for the client to tell
 */
public record HostList(
        List<HostSpec> hosts,
        List<String> definitions,
        boolean randomize,
        int localSlots,
        int localSlotsCpp,
        List<String> warnings) {
    public HostList {
        hosts = List.copyOf(hosts);
        definitions = List.copyOf(definitions);
        warnings = List.copyOf(warnings);
        if (definitions.size() != hosts.size()) {
            throw new IllegalArgumentException("one definition per host");
        }
    }

    /** A list built in code: each host's definition is its name. */
    public HostList(List<HostSpec> hosts, boolean randomize, int localSlots, int localSlotsCpp) {
        this(hosts, hosts.stream().map(HostSpec::toString).toList(), randomize, localSlots, localSlotsCpp, List.of());
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }

    /** How many jobs the list allows at once: {@code distcc -j}, which sums every host's limit. */
    public int concurrency() {
        int total = 0;
        for (HostSpec h : hosts) {
            total += h.limit();
        }
        return total;
    }
}
