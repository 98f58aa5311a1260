package org.jdistcc.client.compile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.scheduling.Backoff;
import org.jdistcc.client.scheduling.KnownVolunteers;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.ProtocolVersion;

/**
 * Which of jdistcc's dialect features each host speaks: those of a host marked {@code ,lz4}, those
 * a volunteer listed when it answered a hello (remembered in {@code DISTCC_DIR}, so a compile
 * asks only about hosts nobody has asked lately), or none, for distcc 3.4's daemons.
 */
final class HostDialects {
    /** What a host marked ,lz4 is taken to serve: what jdistcc served when the marker was all there was. */
    static final int MARKED = ProtocolVersion.FEATURE_LZ4
            | ProtocolVersion.FEATURE_SIDE_FILES
            | ProtocolVersion.FEATURE_SOURCES
            | ProtocolVersion.FEATURE_FILE_CACHE;

    /** A hello is answered at once by either kind of daemon; a volunteer silent this long is left to the job. */
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(5);

    private final KnownVolunteers known;
    private final ConcurrentHashMap<HostSpec, Integer> features = new ConcurrentHashMap<>();

    HostDialects(KnownVolunteers known) {
        this.known = known;
    }

    /** The jdistcc feature bits {@code host} serves; 0 for distcc's protocols only. */
    int features(HostSpec host) {
        return switch (host) {
            case HostSpec.Local l -> 0;
            case HostSpec.Ssh s -> s.compression() == Compression.LZ4 ? MARKED : 0;
            case HostSpec.Tcp t -> t.compression() == Compression.LZ4 ? MARKED : features.getOrDefault(host, 0);
        };
    }

    boolean speaks(HostSpec host, int feature) {
        return (features(host) & feature) != 0;
    }

    /** Whether {@code host} serves every one of {@code features}. */
    boolean speaksAll(HostSpec host, int features) {
        return (features(host) & features) == features;
    }

    /**
     * Learns what each unmarked TCP host of the list speaks: from what is remembered, else by a
     * hello, all at once, each bounded by the connect and hello timeouts. A host that cannot be
     * reached is left alone here: the job's own attempt finds that out, and backs it off.
     */
    void learn(HostList hosts, Backoff backoff, Settings settings, Log log) {
        List<HostSpec> unknown = new ArrayList<>();
        for (HostSpec host : hosts.hosts()) {
            if (!(host instanceof HostSpec.Tcp t) || t.compression() == Compression.LZ4 || backoff.isBackedOff(host)) {
                continue;
            }
            KnownVolunteers.Known k = known.get(host);
            if (k != null) {
                features.put(host, k.features());
            } else if (!unknown.contains(host)) {
                unknown.add(host);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        var t = settings.timeouts();
        var sender = new JobSender(
                new Timeouts(t.resolve(), t.connect(), HELLO_TIMEOUT), settings.sshCommand(), Limits.DEFAULT);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HostSpec host : unknown) {
                // Nothing to wait for but the pool's end: a hello that fails in any way leaves the host unknown.
                var _ = pool.submit(() -> ask(sender, host, log));
            }
            pool.shutdown();
            pool.awaitTermination(
                    t.resolve().plus(t.connect()).plus(HELLO_TIMEOUT).toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ask(JobSender sender, HostSpec host, Log log) {
        try {
            Hello hello = sender.hello(host);
            if (hello == null) {
                log.debug(host + " is a distcc volunteer (no answer to jdistcc's hello)");
                known.remember(host, KnownVolunteers.Dialect.DISTCC, 0, java.util.Map.of());
                return;
            }
            int served = hello.served().features();
            log.debug(host + " is a jdistcc volunteer " + hello.facts().getOrDefault("version", "") + " ("
                    + hello.served() + ")");
            known.remember(host, KnownVolunteers.Dialect.JDISTCC, served, hello.facts());
            features.put(host, served);
        } catch (RemoteFailure e) {
            log.debug("no hello from " + host + ": " + e.getMessage());
        }
    }

    /** Forgets what {@code host} was thought to speak, after it failed a job. */
    void forget(HostSpec host) {
        if (features.remove(host) != null || known.get(host) != null) {
            known.forget(host);
        }
    }
}
