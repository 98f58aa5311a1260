package org.jdistcc.client.hosts;

import java.util.List;

/**
 * A parsed host list with its global settings.
 *
 * @param hosts the hosts jobs may go to, in list order
 * @param words each of those hosts as written in the list (distcc's {@code hostdef_string}), for messages
 * @param listed every host entry as written, those marked {@code ,down} or skipped included: what
 *     {@code distcc --show-hosts} prints
 * @param listedSlots the sum of every entry's job limit: what {@code distcc -j} prints
 * @param localSlots how many compiles may run on this machine at once ({@code --localslots})
 * @param localSlotsCpp how many local preprocessors may run at once ({@code --localslots_cpp})
 * @param warnings entries that were skipped, and why, for the client to tell
 */
public record HostList(
        List<HostSpec> hosts,
        List<String> words,
        List<String> listed,
        int listedSlots,
        boolean randomize,
        int localSlots,
        int localSlotsCpp,
        List<String> warnings) {
    public HostList {
        hosts = List.copyOf(hosts);
        words = List.copyOf(words);
        listed = List.copyOf(listed);
        warnings = List.copyOf(warnings);
        if (words.size() != hosts.size()) {
            throw new IllegalArgumentException("one word per host");
        }
    }

    /** A list built in code: each host written as its name. */
    public HostList(List<HostSpec> hosts, boolean randomize, int localSlots, int localSlotsCpp) {
        this(
                hosts,
                hosts.stream().map(HostSpec::toString).toList(),
                hosts.stream().map(HostSpec::toString).toList(),
                hosts.stream().mapToInt(HostSpec::limit).sum(),
                randomize,
                localSlots,
                localSlotsCpp,
                List.of());
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }

    /** {@code host} as written in the list (the first entry that is this host). */
    public String wordOf(HostSpec host) {
        int i = hosts.indexOf(host);
        return i < 0 ? host.toString() : words.get(i);
    }
}
