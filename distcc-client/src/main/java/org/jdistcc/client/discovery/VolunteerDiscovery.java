package org.jdistcc.client.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.DiscoveryWord;
import org.jdistcc.common.dns.DistccService;

/**
 * The client's {@link DiscoveryWord.Discoverer}: each discovery word through {@link
 * DiscoveryCache}, looked up when its entry ran out by DNS ({@link DnsVolunteers}) or mDNS
 * ({@link ZeroconfVolunteers}).
 */
public final class VolunteerDiscovery implements DiscoveryWord.Discoverer {
    /** distcc 3.4's client waits this long for its zeroconf daemon's first answers ({@code src/zeroconf.c}). */
    static final Duration BROWSE_WINDOW = Duration.ofSeconds(1);

    private final Settings settings;
    private final DiscoveryCache cache;
    private final Supplier<RandomGenerator> randoms;
    private RandomGenerator random;

    VolunteerDiscovery(Settings settings, Clock clock, Supplier<RandomGenerator> randoms) {
        this.settings = settings;
        this.randoms = randoms;
        this.cache = new DiscoveryCache(
                settings.distccDir(),
                clock,
                settings.timeouts().resolve().plus(BROWSE_WINDOW).plusSeconds(1));
    }

    public static VolunteerDiscovery of(Settings settings) {
        // DNS ids and SRV draws: unpredictable ids are what keeps an off-path forger out (RFC 5452).
        // Made only for a lookup: security providers cost a cold client milliseconds it need not spend.
        return new VolunteerDiscovery(settings, Clock.systemUTC(), SecureRandom::new);
    }

    @Override
    public DiscoveryWord.Found find(DiscoveryWord word) {
        // Another name server may give other answers: JDISTCC_DNS_SERVER is part of the key.
        String server = settings.dnsServer() == null ? "" : " @" + settings.dnsServer();
        String key = word.kind() == DiscoveryWord.Kind.ZEROCONF ? "+zeroconf" : word.word() + server;
        return cache.get(key, () -> {
                    try {
                        return lookUp(word);
                    } catch (RuntimeException e) {
                        // a name DNS cannot carry, an interface gone: this word finds nothing, the rest stands
                        return Expansion.failed(word.word() + ": " + e);
                    }
                })
                .found();
    }

    private synchronized RandomGenerator random() {
        if (random == null) {
            random = randoms.get();
        }
        return random;
    }

    private Expansion lookUp(DiscoveryWord word) {
        if (word.kind() == DiscoveryWord.Kind.ZEROCONF) {
            DistccService.CcFacts cc = DistccService.ofCompiler(cc());
            String service = cc == null ? DistccService.TYPE : DistccService.subtype(cc);
            return new ZeroconfVolunteers(BROWSE_WINDOW, random()).browse(word.word(), service);
        }
        DnsLookup dns;
        try {
            dns = new DnsLookup(
                    NameServers.of(settings.dnsServer(), NameServers.RESOLV_CONF),
                    settings.timeouts().resolve(),
                    random());
        } catch (NameServers.BadServer e) {
            return Expansion.failed(word.word() + ": " + e.getMessage());
        }
        var volunteers = new DnsVolunteers(dns, random());
        return word.kind() == DiscoveryWord.Kind.SRV ? volunteers.srv(word) : volunteers.addresses(word);
    }

    /** {@code cc} on the compile's PATH, as 3.4's {@code popen("cc -dumpversion")} finds it. */
    private String cc() {
        for (String dir : settings.path().split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "cc");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "cc";
    }
}
