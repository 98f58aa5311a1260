package org.jdistcc.client.hosts;

import java.util.List;

/**
 * A parsed host list with its global settings.
 *
 * @param localSlots how many compiles may run on this machine at once ({@code --localslots})
 * @param localSlotsCpp how many local preprocessors may run at once ({@code --localslots_cpp})
 */
public record HostList(List<HostSpec> hosts, boolean randomize, int localSlots, int localSlotsCpp) {
    public HostList {
        hosts = List.copyOf(hosts);
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }
}
