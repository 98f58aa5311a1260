package org.jdistcc.client.compile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.remote.ClientTls;
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
 * asks only about hosts nobody has asked lately), or none, for distcc 3.4's daemons; and what else
 * the volunteer said of itself (its compilers' identities, {@link #known}).
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
    private final ClientTls tls;
    private final ConcurrentHashMap<HostSpec, KnownVolunteers.Known> knowledge = new ConcurrentHashMap<>();

    /** @param tls for the hellos to hosts marked {@code ,tls} */
    HostDialects(KnownVolunteers known, ClientTls tls) {
        this.known = known;
        this.tls = tls;
    }

    /** The jdistcc feature bits {@code host} serves; 0 for distcc's protocols only. */
    int features(HostSpec host) {
        return switch (host) {
            case HostSpec.Local l -> 0;
            case HostSpec.Ssh s -> s.compression() == Compression.LZ4 ? MARKED : 0;
            case HostSpec.Tcp t -> (t.compression() == Compression.LZ4 ? MARKED : 0) | learned(host);
        };
    }

    private int learned(HostSpec host) {
        KnownVolunteers.Known k = knowledge.get(host);
        return k == null ? 0 : k.features();
    }

    /** What {@code host} answered to a hello, as learned or remembered; null when nothing is known. */
    KnownVolunteers.Known known(HostSpec host) {
        return knowledge.get(host);
    }

    boolean speaks(HostSpec host, int feature) {
        return (features(host) & feature) != 0;
    }

    /** Whether {@code host} serves every one of {@code features}. */
    boolean speaksAll(HostSpec host, int features) {
        return (features(host) & features) == features;
    }

    /**
     * Learns what each TCP host of the list speaks and says of itself: from what is remembered, else
     * by a hello, all at once, each bounded by the connect and hello timeouts. A host that cannot be
     * reached is left alone here: the job's own attempt finds that out, and backs it off. Hosts marked
     * {@code ,lz4} are asked too, for their compilers.
     *
     * @return the hosts asked now (not remembered)
     */
    Set<HostSpec> learn(HostList hosts, Backoff backoff, Settings settings, Log log) {
        List<HostSpec> unknown = new ArrayList<>();
        for (HostSpec host : hosts.hosts()) {
            if (!(host instanceof HostSpec.Tcp) || backoff.isBackedOff(host)) {
                continue;
            }
            KnownVolunteers.Known k = known.get(host);
            if (k != null) {
                knowledge.put(host, k);
            } else if (!unknown.contains(host)) {
                unknown.add(host);
            }
        }
        if (unknown.isEmpty()) {
            return Set.of();
        }
        var t = settings.timeouts();
        var sender = helloSender(settings);
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
        Set<HostSpec> asked = new HashSet<>(unknown);
        asked.retainAll(knowledge.keySet());
        return asked;
    }

    private JobSender helloSender(Settings settings) {
        var t = settings.timeouts();
        return new JobSender(
                new Timeouts(t.resolve(), t.connect(), HELLO_TIMEOUT), settings.sshCommand(), Limits.DEFAULT, tls);
    }

    /**
     * Whether {@code host}, which a job found closing a request in jdistcc's dialect unanswered,
     * is distcc 3.4's daemon now (on the address where a jdistcc one answered before): asked by a
     * hello, which distcc 3.4 closes without a word. Then it is remembered so, and its next job goes
     * in distcc's dialect. Only for a plaintext host known as jdistcc by what it said: one marked
     * {@code ,lz4} or {@code ,tls} is jdistcc by the user's word, and a jdistcc volunteer that
     * closed a job (its deadline, a refused request, a crash) answers the hello, or nothing at all.
     */
    boolean turnedDistcc(HostSpec host, Settings settings, Log log) {
        if (!(host instanceof HostSpec.Tcp t) || t.tls() || t.compression() == Compression.LZ4 || learned(host) == 0) {
            return false;
        }
        try {
            if (helloSender(settings).hello(host) != null) {
                return false;
            }
        } catch (RemoteFailure e) {
            return false;
        }
        rememberDistcc(host, log);
        return true;
    }

    private void rememberDistcc(HostSpec host, Log log) {
        log.debug(host + " is a distcc volunteer (no answer to jdistcc's hello)");
        known.remember(host, KnownVolunteers.Dialect.DISTCC, 0, java.util.Map.of());
        knowledge.put(
                host,
                new KnownVolunteers.Known(
                        KnownVolunteers.Dialect.DISTCC, 0, java.time.Instant.now(), java.util.Map.of()));
    }

    private void ask(JobSender sender, HostSpec host, Log log) {
        try {
            Hello hello = sender.hello(host);
            if (hello == null) {
                rememberDistcc(host, log);
                return;
            }
            int served = hello.served().features();
            log.debug(host + " is a jdistcc volunteer " + hello.facts().getOrDefault("version", "") + " ("
                    + hello.served() + ")");
            known.remember(host, KnownVolunteers.Dialect.JDISTCC, served, hello.facts());
            knowledge.put(
                    host,
                    new KnownVolunteers.Known(
                            KnownVolunteers.Dialect.JDISTCC, served, java.time.Instant.now(), hello.facts()));
        } catch (RemoteFailure e) {
            log.debug("no hello from " + host + ": " + e.getMessage());
        }
    }

    /** Forgets what {@code host} was thought to speak, after it failed a job. */
    void forget(HostSpec host) {
        if (knowledge.remove(host) != null || known.get(host) != null) {
            known.forget(host);
        }
    }
}
