package org.jdistcc.client.lsdistcc;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdistcc.client.args.CompilerLocator;
import org.jdistcc.client.config.HostSources;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.discovery.VolunteerDiscovery;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostListException;
import org.jdistcc.client.hosts.HostListParser;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.remote.VolunteerProbe;
import org.jdistcc.client.scheduling.LocalCompilers;
import org.jdistcc.common.ExitCode;

/**
 * {@code lsdistcc}: which volunteers answer. By default distcc 3.4's command ({@link Discovery}):
 * names from a format ({@code distcc%d}) or the command line, one line per host found, in a form
 * {@code DISTCC_HOSTS} takes. With {@code --format=tsv|json}, jdistcc's report of host-list
 * entries (the configured list without any): each probed at once with every dialect, within the
 * timeout; exit 0 if at least one host compiled the probe, 1 if none did. Bad options exit 101
 * with a message, as distcc's EXIT_BAD_ARGUMENTS; {@code --help} prints the usage on stdout and
 * exits 1, as 3.4 does.
 */
public final class LsDistccMain {
    private LsDistccMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
            throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.BadOption e) {
            err.println("lsdistcc: " + e.getMessage() + " (lsdistcc --help lists the options)");
            return ExitCode.BAD_ARGUMENTS.code();
        }
        if (options.help()) {
            out.print(Options.USAGE);
            out.flush();
            return 1;
        }
        if (options.format() == null && DiscoveredVolunteers.asked(options.names())) {
            return DiscoveredVolunteers.run(options, env, out, err);
        }
        if (options.format() == null) {
            String domain = null;
            if (options.appendDomain()) {
                domain = DnsDomain.of(env);
                if (domain == null) {
                    err.println("lsdistcc: can't get the DNS domain name (from $HOST, $HOSTNAME or this"
                            + " machine's name) for -d");
                    return 1;
                }
            }
            return new Discovery(options, domain, out, err).run();
        }
        HostList hosts;
        try {
            hosts = hosts(options.names(), env);
        } catch (HostListException | IOException e) {
            err.println("lsdistcc: " + e.getMessage());
            return ExitCode.BAD_HOSTSPEC.code();
        }
        var probe = new VolunteerProbe(
                options.compiler(),
                options.probeTimeoutMillis(),
                options.statsPort(),
                localIdentity(options.compiler(), env));
        List<HostReport> reports = probeAll(hosts, probe);
        out.print(options.format() == Options.Format.JSON ? HostReport.json(reports) : HostReport.tsv(reports));
        out.flush();
        return reports.stream().anyMatch(r -> r.state().equals("up")) ? 0 : 1;
    }

    /** This machine's identity digest for {@code compiler}, found on PATH, or null. */
    private static String localIdentity(String compiler, Map<String, String> env) {
        Settings settings = Settings.from(env);
        var located = CompilerLocator.of(settings.path(), Path.of("").toAbsolutePath(), "lsdistcc")
                .locate(compiler);
        if (located.isEmpty()) {
            return null;
        }
        try {
            return LocalCompilers.identify(
                            settings.paths().identities(), Path.of(located.get().toString()), env)
                    .digest();
        } catch (IOException e) {
            return null;
        }
    }

    private static HostList hosts(List<String> named, Map<String, String> env) throws HostListException, IOException {
        var parser = new HostListParser(Runtime.getRuntime().availableProcessors());
        var discovery = VolunteerDiscovery.of(Settings.from(env));
        if (!named.isEmpty()) {
            return parser.parse(String.join(" ", named), "command line", discovery);
        }
        var source = HostSources.find(Settings.from(env));
        return parser.parse(source.text(), source.name(), discovery);
    }

    private static List<HostReport> probeAll(HostList hosts, VolunteerProbe probe) {
        List<Future<HostReport>> pending = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HostSpec host : hosts.hosts()) {
                pending.add(executor.submit(() -> switch (host) {
                    case HostSpec.Tcp tcp -> HostReport.of(host.toString(), probe.probe(tcp.host(), tcp.port()));
                    case HostSpec.Ssh ssh -> HostReport.skipped(host.toString(), "ssh hosts are not probed");
                    case HostSpec.Local local -> HostReport.skipped("localhost", "this machine");
                }));
            }
            List<HostReport> reports = new ArrayList<>();
            for (Future<HostReport> f : pending) {
                reports.add(f.get()); // each probe is bounded by its own timeout
            }
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
