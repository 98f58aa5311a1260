package org.jdistcc.client.compile;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jdistcc.client.args.CompilerLocator;
import org.jdistcc.client.args.CompilerNames;
import org.jdistcc.client.config.HostSources;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.scheduling.Backoff;
import org.jdistcc.client.scheduling.BusySlots;
import org.jdistcc.client.scheduling.CompilerMatch;
import org.jdistcc.client.scheduling.KnownVolunteers;
import org.jdistcc.client.scheduling.LearnedSpeeds;
import org.jdistcc.client.scheduling.LinkRates;
import org.jdistcc.client.scheduling.VolunteerState;
import org.jdistcc.protocol.CompilerFacts;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.ProtocolVersion;

/**
 * {@code distcc --show-hosts -v [COMPILER...]}: each host as written (a discovered one by its
 * address), what it is (a jdistcc volunteer and its version and result cache, a distcc one, this
 * machine), its state ({@link VolunteerState}: learned pace, slots busy, load, backoff), and for each compiler
 * whether the volunteer's of that name is this machine's. distcc 3.4 prints the host words only (and
 * ignores what follows {@code --show-hosts}); this is the place a mismatch shows before a build.
 */
public final class VolunteerReport {
    /** The compilers looked at when none is named. */
    public static final List<String> DEFAULT_COMPILERS = List.of("gcc", "g++");

    private VolunteerReport() {}

    public static String of(JobContext job, Settings settings, HostList hosts, List<String> compilers) {
        var backoff = new Backoff(settings.lockDir(), settings.backoffPeriod(), Clock.systemUTC());
        var dialects = new HostDialects(
                new KnownVolunteers(settings.distccDir(), Clock.systemUTC()),
                org.jdistcc.client.remote.ClientTls.of(settings, new org.jdistcc.client.remote.TlsContexts()));
        dialects.learn(hosts, backoff, settings, job.log());
        var map = HostSources.compilerMap(settings);
        var locator = CompilerLocator.of(settings.path(), job.cwd(), "distcc");
        var speeds = new LearnedSpeeds(settings.distccDir(), Clock.systemUTC());
        var compressing = new Compressing(new LinkRates(settings.distccDir(), Clock.systemUTC()));
        var busy = BusySlots.now(settings.lockDir());
        var out = new StringBuilder();
        for (int i = 0; i < hosts.hosts().size(); i++) {
            HostSpec host = hosts.hosts().get(i);
            out.append(hosts.words().get(i))
                    .append('\t')
                    .append(what(host, dialects, backoff))
                    .append('\t')
                    .append(VolunteerState.describe(host, speeds, busy, backoff, Clock.systemUTC()))
                    .append(host instanceof HostSpec.Local ? "" : "; " + compression(host, dialects, compressing))
                    .append('\n');
            if (host instanceof HostSpec.Local) {
                continue;
            }
            for (String name : compilers) {
                var located = locator.locate(name);
                out.append("  ").append(name);
                if (located.isEmpty()) {
                    out.append(": not found here\n");
                    continue;
                }
                String sent = CompilerNames.forVolunteer(name, located.get().toString(), settings.rewriteCross());
                var volunteerCompilers = new VolunteerCompilers(
                        sent, name, Path.of(located.get().toString()), job.env(), settings, map, dialects, job.log());
                out.append(sent.equals(name) ? "" : " (as " + sent + ")")
                        .append(": ")
                        .append(verdict(volunteerCompilers.match(host), settings.verifyCompiler()))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** How its jobs travel, and why: what {@link Compressing} would choose for the next one. */
    static String compression(HostSpec host, HostDialects dialects, Compressing compressing) {
        Compression codec = dialects.speaks(host, ProtocolVersion.FEATURE_LZ4) ? Compression.LZ4 : Compression.LZO;
        Compressing.Choice choice = compressing.choose(host, codec);
        return (choice.compress() ? "jobs go compressed (" + codec + "): " : "jobs go as they are: ") + choice.why();
    }

    private static String what(HostSpec host, HostDialects dialects, Backoff backoff) {
        if (host instanceof HostSpec.Local) {
            return "this machine";
        }
        KnownVolunteers.Known known = dialects.known(host);
        if (known == null) {
            if (host instanceof HostSpec.Ssh) {
                return "over ssh: not asked what it is";
            }
            return backoff.isBackedOff(host) ? "backed off after a recent failure" : "no answer";
        }
        if (known.dialect() == KnownVolunteers.Dialect.DISTCC) {
            return "distcc (no answer to jdistcc's hello)";
        }
        var facts = known.facts();
        return "jdistcc " + facts.getOrDefault("version", "(version unknown)") + ", result cache "
                + facts.getOrDefault("cache", "unknown") + ", "
                + CompilerFacts.all(facts).size() + " compiler names"
                + (CompilerFacts.listed(facts) && !CompilerFacts.listsAll(facts) ? " (not all)" : "")
                + (facts.containsKey("room") ? ", waiting room for " + facts.get("room") : "");
    }

    private static String verdict(CompilerMatch match, boolean verify) {
        return switch (match) {
            case CompilerMatch.Same s -> "same compiler";
            case CompilerMatch.Mapped m -> "mapped to " + m.name() + " in $DISTCC_DIR/compilers (not checked)";
            case CompilerMatch.Differs d ->
                "ANOTHER COMPILER (volunteer's " + d.theirs().substring(0, 12) + ", here "
                        + d.ours().describe() + "): no jobs go there";
            case CompilerMatch.CheckedPerJob c -> "not listed by the volunteer; each job is checked there";
            case CompilerMatch.Unverifiable u ->
                "cannot be verified (" + u.why() + ")"
                        + (verify ? ": no jobs go there (JDISTCC_VERIFY_COMPILER=1)" : ": used, as distcc would");
        };
    }
}
