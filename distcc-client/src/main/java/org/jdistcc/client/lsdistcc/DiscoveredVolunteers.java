package org.jdistcc.client.lsdistcc;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.discovery.VolunteerDiscovery;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostListException;
import org.jdistcc.client.hosts.HostListParser;
import org.jdistcc.client.hosts.HostSpec;

/**
 * {@code lsdistcc +zeroconf}, {@code lsdistcc +srv=DOMAIN}, {@code lsdistcc +addresses=NAME}: the
 * volunteers those discovery words find (through the client's cache in {@code $DISTCC_DIR}), each
 * checked as distcc 3.4's lsdistcc checks a name ({@link HostCheck}) and printed as the client uses
 * it, {@code ADDRESS:PORT/LIMIT[,OPTIONS]}, so that {@code DISTCC_HOSTS=$(lsdistcc +zeroconf)} pins
 * what was found. The lookup's warnings go to stderr.
 */
final class DiscoveredVolunteers {
    private DiscoveredVolunteers() {}

    static boolean asked(List<String> names) {
        return !names.isEmpty() && names.stream().allMatch(n -> n.startsWith("+"));
    }

    /** Exit 0 if a volunteer was found (or the time ran out), 1 if none, 106 for a bad word. */
    static int run(Options options, Map<String, String> env, PrintStream out, PrintStream err)
            throws InterruptedException {
        Settings settings = Settings.from(env);
        HostList hosts;
        try {
            hosts = new HostListParser(1)
                    .parse(String.join(" ", options.names()), "command line", VolunteerDiscovery.of(settings));
        } catch (HostListException e) {
            err.println("lsdistcc: " + e.getMessage());
            return org.jdistcc.common.ExitCode.BAD_HOSTSPEC.code();
        }
        hosts.warnings().forEach(w -> err.println("lsdistcc: " + w));
        var check = new HostCheck(options, message -> {
            if (options.verbose() > 0) {
                err.println("lsdistcc: " + message);
            }
        });
        long bound = options.totalTimeoutSeconds() == 0 ? Long.MAX_VALUE : options.totalTimeoutSeconds() * 1000L;
        long deadline = System.currentTimeMillis() + Math.min(bound, 3_600_000L);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> lines = new ArrayList<>();
            for (int i = 0; i < hosts.hosts().size(); i++) {
                if (hosts.hosts().get(i) instanceof HostSpec.Tcp tcp) {
                    String word = hosts.words().get(i);
                    lines.add(executor.submit(() -> line(options, check, tcp, word)));
                }
            }
            for (Future<String> line : lines) {
                try {
                    String text = line.get(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                    if (text != null) {
                        out.println(text);
                    }
                } catch (TimeoutException e) {
                    executor.shutdownNow();
                    break; // 3.4's alarm: what was printed stands
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        out.flush();
        return hosts.hosts().isEmpty() ? 1 : 0;
    }

    private static String line(Options options, HostCheck check, HostSpec.Tcp tcp, String word) {
        InetAddress address;
        try {
            address = InetAddress.getByName(tcp.host()); // an address literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
        HostCheck.Result result = check.check(word, address, tcp.port());
        if (!result.up() && !options.markDown()) {
            return null;
        }
        return word + (result.up() ? "" : ",down") + (options.latency() ? " " + result.latencyMillis() : "");
    }
}
