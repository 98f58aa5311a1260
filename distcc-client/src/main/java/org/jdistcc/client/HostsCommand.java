package org.jdistcc.client;

import java.io.IOException;
import org.jdistcc.client.args.Invocation;
import org.jdistcc.client.compile.VolunteerReport;
import org.jdistcc.client.config.HostSources;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.discovery.VolunteerDiscovery;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostListException;
import org.jdistcc.client.job.JobContext;

/** {@code distcc --show-hosts} and {@code distcc -j}, as distcc 3.4 prints them ({@code src/distcc.c}). */
final class HostsCommand {
    private HostsCommand() {}

    /** Each host as written in the list, one per line; with {@code -v}, what each is and its compilers. */
    static int show(JobContext job, Settings settings, Invocation.ShowHosts asked) {
        HostList hosts = read(job, settings);
        if (hosts == null) {
            return 0;
        }
        if (asked.verbose()) {
            var compilers = asked.compilers().isEmpty() ? VolunteerReport.DEFAULT_COMPILERS : asked.compilers();
            return ClientCommand.print(job, VolunteerReport.of(job, settings, hosts, compilers));
        }
        var out = new StringBuilder();
        for (String entry : hosts.listed()) {
            out.append(entry).append('\n');
        }
        return ClientCommand.print(job, out.toString());
    }

    /** The sum of every host's job limit: {@code make -j$(distcc -j)}. */
    static int concurrency(JobContext job, Settings settings) {
        HostList hosts = read(job, settings);
        return hosts == null ? 0 : ClientCommand.print(job, hosts.listedSlots() + "\n");
    }

    /** The list, or null after telling why there is none (distcc 3.4 still exits 0 then). */
    private static HostList read(JobContext job, Settings settings) {
        try {
            HostList hosts = HostSources.read(settings, VolunteerDiscovery.of(settings));
            for (String warning : hosts.warnings()) {
                job.log().warning(warning);
            }
            if (!hosts.listed().isEmpty()) {
                return hosts;
            }
        } catch (HostListException | IOException e) {
            job.log().error(e.getMessage());
        }
        job.log().critical("Failed to get host list");
        return null;
    }
}
