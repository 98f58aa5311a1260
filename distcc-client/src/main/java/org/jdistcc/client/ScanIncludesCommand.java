package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Path;
import org.jdistcc.client.args.Invocation;
import org.jdistcc.client.config.HostSources;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.discovery.VolunteerDiscovery;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostListException;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.includes.Result;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.sources.PumpInputs;
import org.jdistcc.common.ExitCode;
import org.jdistcc.common.args.CompilerCommand;

/**
 * {@code distcc --scan-includes COMPILER ARGS}: what the compile would ship to a pump-mode volunteer,
 * one {@code KIND PATH} line each, in distcc 3.4's format and words (src/include_server_if.c, {@code
 * dcc_approximate_includes}, {@code dcc_categorize_file}). Unlike 3.4 it needs no {@code pump} around
 * it: the analysis is the client's own. Like 3.4 it needs a host marked {@code ,cpp}.
 */
final class ScanIncludesCommand {
    private ScanIncludesCommand() {}

    static int run(JobContext job, Settings settings, Invocation.ScanIncludes scan, IncludeAnalysis analysis) {
        if (!anyPumpHost(job, settings)) {
            return ClientCommand.fail(
                    job,
                    ExitCode.GENERAL,
                    "'--scan_includes' specified, but distcc wouldn't have used include server"
                            + " (make sure hosts list includes ',cpp' option?)");
        }
        CompilerCommand command = CompilerCommand.parse(scan.command());
        if (!command.isDistributable()) {
            return ClientCommand.fail(
                    job,
                    ExitCode.GENERAL,
                    "'--scan_includes' specified, but this compile is not distributed: " + command.verdict());
        }
        var request = new IncludeAnalysis.Request(
                command, Path.of(scan.command().getFirst()), job.cwd().toAbsolutePath(), settings.environment());
        return switch (analysis.analyse(request)) {
            case Result.CannotBeSure no ->
                ClientCommand.fail(job, ExitCode.GENERAL, "failed to get includes from include server: " + no.reason());
            case Result.Inputs inputs -> {
                var out = new StringBuilder();
                for (PumpInputs.Item item : PumpInputs.of(inputs)) {
                    out.append(String.format("%-9s %s%n", item.kind(), item.path()));
                }
                yield ClientCommand.print(job, out.toString());
            }
        };
    }

    private static boolean anyPumpHost(JobContext job, Settings settings) {
        try {
            HostList hosts = HostSources.read(settings, VolunteerDiscovery.of(settings));
            for (HostSpec host : hosts.hosts()) {
                if ((host instanceof HostSpec.Tcp t && t.pump()) || (host instanceof HostSpec.Ssh s && s.pump())) {
                    return true;
                }
            }
        } catch (HostListException | IOException e) {
            job.log().error(e.getMessage());
        }
        return false;
    }
}
