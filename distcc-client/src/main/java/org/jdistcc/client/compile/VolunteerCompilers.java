package org.jdistcc.client.compile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.CompilerMap;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.scheduling.CompilerMatch;
import org.jdistcc.client.scheduling.LocalCompilers;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.protocol.ProtocolVersion;

/**
 * For one compile: whether each volunteer's compiler of this name is this machine's ({@link
 * CompilerMatch}), which name to ask it for ({@code $DISTCC_DIR/compilers}), and which identity the
 * job carries for the volunteer to check. This machine's identity is worked out only when a
 * volunteer can compare it.
 */
final class VolunteerCompilers {
    private final String sent;
    private final String typed;
    private final Path local;
    private final Map<String, String> environment;
    private final Settings settings;
    private final CompilerMap map;
    private final HostDialects dialects;
    private final Log log;
    private final Map<HostSpec, CompilerMatch> matches = new ConcurrentHashMap<>();
    private volatile CompilerIdentity ours;
    private volatile boolean identified;

    /**
     * @param sent the compiler's name as it would be sent
     * @param typed the compiler as the user named it
     * @param local the compiler here, as it runs
     */
    VolunteerCompilers(
            String sent,
            String typed,
            Path local,
            Map<String, String> environment,
            Settings settings,
            CompilerMap map,
            HostDialects dialects,
            Log log) {
        this.sent = sent;
        this.typed = typed;
        this.local = local;
        this.environment = environment;
        this.settings = settings;
        this.map = map;
        this.dialects = dialects;
        this.log = log;
    }

    CompilerMatch match(HostSpec host) {
        return matches.computeIfAbsent(
                host,
                h -> CompilerMatch.of(
                        dialects.known(h), sent, needsIdentity(h) ? ours() : null, map.volunteerName(h, sent, typed)));
    }

    /** Why {@code host} gets no job for this compiler, or null. */
    String whyNot(HostSpec host) {
        return match(host).whyNot(sent, settings.verifyCompiler());
    }

    /** The compiler's name on {@code host}. */
    String nameFor(HostSpec host) {
        return match(host) instanceof CompilerMatch.Mapped m ? m.name() : sent;
    }

    /** The identity the job to {@code host} carries for it to check, or null for none. */
    String identityFor(HostSpec host) {
        if (!dialects.speaks(host, ProtocolVersion.FEATURE_IDENTITY)) {
            return null;
        }
        return switch (match(host)) {
            case CompilerMatch.Same s -> ours.digest();
            case CompilerMatch.CheckedPerJob c -> ours.digest();
            default -> null;
        };
    }

    private boolean needsIdentity(HostSpec host) {
        return dialects.speaks(host, ProtocolVersion.FEATURE_IDENTITY);
    }

    /** This machine's compiler's identity, worked out once per compile (and kept, see LocalCompilers). */
    private CompilerIdentity ours() {
        if (!identified) {
            synchronized (this) {
                if (!identified) {
                    try {
                        ours = LocalCompilers.identify(settings.paths().identities(), local, environment);
                        log.debug(local + " is " + ours.describe());
                    } catch (IOException e) {
                        log.debug("cannot identify " + local + ": " + e.getMessage());
                    }
                    identified = true;
                }
            }
        }
        return ours;
    }
}
