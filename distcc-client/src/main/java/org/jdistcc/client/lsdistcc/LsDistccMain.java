package org.jdistcc.client.lsdistcc;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdistcc.client.config.HostSources;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostListException;
import org.jdistcc.client.hosts.HostListParser;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.remote.VolunteerProbe;
import org.jdistcc.common.ExitCode;

/**
 * {@code lsdistcc [options] [HOST...]}: which volunteers answer. Hosts are host-list entries
 * ({@code box}, {@code 10.0.0.2:3700/8,lzo}); without any, the configured list ({@code
 * $DISTCC_HOSTS}, {@code $DISTCC_DIR/hosts}, ...). All hosts are probed at once, each within the
 * timeout. Exit status 0 if at least one host compiled the probe, 1 if none did (as Debian's
 * lsdistcc), 101 for bad arguments.
 */
public final class LsDistccMain {
    private LsDistccMain() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        var options = Options.parse(args, err);
        if (options == null) {
            return ExitCode.BAD_ARGUMENTS.code();
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return 0;
        }
        HostList hosts;
        try {
            hosts = hosts(options.hosts(), env);
        } catch (HostListException | IOException e) {
            err.println("lsdistcc: " + e.getMessage());
            return ExitCode.BAD_HOSTSPEC.code();
        }
        var probe = new VolunteerProbe(options.compiler(), options.timeoutMillis(), options.statsPort());
        List<HostReport> reports = probeAll(hosts, probe);
        out.print(options.json() ? HostReport.json(reports) : HostReport.tsv(reports));
        out.flush();
        return reports.stream().anyMatch(r -> r.state().equals("up")) ? 0 : 1;
    }

    private static HostList hosts(List<String> named, Map<String, String> env) throws HostListException, IOException {
        var parser = new HostListParser(Runtime.getRuntime().availableProcessors());
        if (!named.isEmpty()) {
            return parser.parse(String.join(" ", named), "command line");
        }
        var source = HostSources.find(Settings.from(env));
        return parser.parse(source.text(), source.name());
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
