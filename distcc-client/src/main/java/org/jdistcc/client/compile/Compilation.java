package org.jdistcc.client.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdistcc.client.args.CompilerNames;
import org.jdistcc.client.args.Invocation;
import org.jdistcc.client.config.Fidelity;
import org.jdistcc.client.config.HostSources;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.discovery.VolunteerDiscovery;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostListException;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.monitor.JobProgress;
import org.jdistcc.client.monitor.Phase;
import org.jdistcc.client.remote.ClientTls;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.scheduling.Backoff;
import org.jdistcc.client.scheduling.Candidates;
import org.jdistcc.client.scheduling.FinishFirst;
import org.jdistcc.client.scheduling.InFlight;
import org.jdistcc.client.scheduling.KnownVolunteers;
import org.jdistcc.client.scheduling.LearnedSpeeds;
import org.jdistcc.client.scheduling.LinkRates;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;
import org.jdistcc.common.ExitCode;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.ProtocolVersion;

/**
 * One compile, start to end: the attempt loop alone. Local-only commands run here; distributable
 * ones go to a volunteer in the first dialect both can speak, and on any failure of the volunteer's
 * (not of the source's) to another volunteer, then here. Every way of compiling here ends in
 * {@link CompileHere}, with its {@link Why}.
 */
public final class Compilation {
    private final JobContext job;
    private final Settings settings;
    private final JobProgress progress;
    private final Log log;
    private final SlotPicker slots;
    private final Backoff backoff;
    private final HostDialects hostDialects;
    private final LearnedSpeeds speeds;
    private final FinishFirst placer;
    private final Resident resident;

    /** @param resident what the client keeps between compiles: the agent's, shared by its compiles */
    public Compilation(JobContext job, Settings settings, JobProgress progress, Resident resident) {
        this.job = job;
        this.resident = resident;
        this.settings = settings;
        this.progress = progress;
        this.log = job.log();
        this.slots = new SlotPicker(settings.lockDir(), settings.slotBackstop());
        this.backoff = new Backoff(settings.lockDir(), settings.backoffPeriod(), Clock.systemUTC());
        this.hostDialects = new HostDialects(
                new KnownVolunteers(settings.distccDir(), Clock.systemUTC()), ClientTls.of(settings, resident.tls()));
        this.speeds = new LearnedSpeeds(settings.distccDir(), Clock.systemUTC());
        this.placer = new FinishFirst(
                slots,
                speeds,
                InFlight.HERE,
                Clock.systemUTC(),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Compiles on a volunteer, or here, and returns the exit status.
     *
     * @return the exit status
     */
    public int run(Invocation.Compile compile) {
        List<String> localCommand = compile.command();
        String compilerName = compile.compilerName();
        HostList hosts;
        try {
            hosts = HostSources.read(settings, VolunteerDiscovery.of(settings));
        } catch (HostListException | IOException e) {
            log.error(e.getMessage());
            return here(1).run(localCommand, Why.badHostList(), -1);
        }
        for (String warning : hosts.warnings()) {
            log.warning(warning);
        }
        CompileHere tail = here(hosts.localSlots());
        if (hosts.isEmpty()) {
            return tail.run(localCommand, Why.noHosts(), -1);
        }
        List<String> named = new ArrayList<>(localCommand);
        named.set(0, CompilerNames.forVolunteer(compilerName, localCommand.getFirst(), settings.rewriteCross()));
        CompilerCommand command = CompilerCommand.parse(named);
        progress.source(command.source().orElse(null));
        if (command.output().isEmpty()) {
            return tail.run(localCommand, Why.byChoice(command.verdict().toString()), -1);
        }
        if (!compile.found() && (command.needsPreprocessing() || !command.isDistributable())) {
            // Nothing to preprocess with: the exec here fails with distcc 3.4's words and status.
            return tail.run(localCommand, Why.byChoice(compilerName + " is not on PATH"), -1);
        }
        var compilerMap = HostSources.compilerMap(settings);
        for (String warning : compilerMap.warnings()) {
            log.warning(warning);
        }
        var compilers = new VolunteerCompilers(
                named.getFirst(),
                compilerName,
                Path.of(localCommand.getFirst()),
                job.env(),
                settings,
                compilerMap,
                hostDialects,
                log);
        var task = new CompileTask(
                job,
                command,
                localCommand,
                job.resolve(command.output().get()),
                progress,
                settings.remoteOptions(),
                compilers);
        var links = new LinkRates(settings.distccDir(), Clock.systemUTC());
        var compressing = new Compressing(links);
        var sender = new JobSender(
                settings.timeouts(),
                settings.sshCommand(),
                Limits.DEFAULT,
                ClientTls.of(settings, resident.tls()),
                links::observe);
        var fidelity = Fidelity.of(settings, job.stderrIsTerminal());
        List<Dialect> dialects = new ArrayList<>();
        String refusal = null;
        for (Dialect d : List.of(
                new SourceDialect(
                        settings, fidelity, slots, hosts.localSlotsCpp(), sender, hostDialects, resident, compressing),
                new PumpDialect(settings, fidelity, sender, resident.analysis()),
                new PreprocessedDialect(
                        settings, fidelity, slots, hosts.localSlotsCpp(), sender, hostDialects, compressing))) {
            String why = d.whyNot(task);
            if (why == null) {
                dialects.add(d);
            } else {
                refusal = why; // the most general dialect's reason, which comes last, is the one to tell
            }
        }
        if (dialects.isEmpty()) {
            return tail.run(localCommand, Why.byChoice(refusal), -1);
        }
        if (Files.exists(task.target(), LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(task.target(), LinkOption.NOFOLLOW_LINKS)) {
            // gcc writes into /dev/null or through a symlink; our rename into place would replace
            // them (as root, /dev/null itself). Only the compiler itself does the same here.
            return tail.run(localCommand, Why.byChoice(task.target() + " is not a regular file"), -1);
        }
        Set<HostSpec> asked = hostDialects.learn(hosts, backoff, settings, log);
        for (HostSpec host : asked) {
            resident.loads().heard(speeds, host, hostDialects.known(host));
            if (compilers.match(host).isMismatch()) {
                // Once per volunteer and day (what a hello taught is remembered that long), not per compile.
                log.warning(host + " gets no " + named.getFirst() + " jobs: " + compilers.whyNot(host));
            }
        }
        String unspoken = refusal;
        var choice = Candidates.choose(
                hosts,
                backoff,
                host -> {
                    String otherCompiler = compilers.whyNot(host);
                    if (otherCompiler != null) {
                        return otherCompiler;
                    }
                    return dialects.stream().anyMatch(d -> d.speaks(host))
                            ? null
                            : "it cannot compile this exactly as here"
                                    + (unspoken == null ? "" : " (" + unspoken + ")")
                                    + " and does not speak jdistcc source mode";
                },
                job.pid());
        for (HostSpec host : choice.byBackoff()) {
            log.debug("skipping " + host + ": backed off after a recent failure");
        }
        for (Candidates.Skipped skipped : choice.byDialect()) {
            log.debug("skipping " + skipped.host() + ": " + skipped.why());
        }
        if (choice.usable().isEmpty() && choice.byBackoff().isEmpty()) {
            return tail.run(localCommand, Why.byChoice("no volunteer can compile this exactly as here"), -1);
        }
        if (!streamsToAll(choice.usable(), hostDialects)) {
            switch (Preparation.prepare(
                    task, dialects, choice.usable(), resident.analysis(), settings, slots, hosts.localSlotsCpp())) {
                case Preparation.Ready ready -> task = ready.task();
                case Preparation.Here here -> {
                    return tail.run(localCommand, here.why(), -1);
                }
            }
        }
        try {
            var verification = new Verification(
                    job, settings.verifyEvery(), fidelity, hostDialects, backoff, slots, hosts.localSlots());
            return distribute(task, hosts, dialects, choice.usable(), tail, sender, verification);
        } finally {
            if (task.preprocessed() != null) {
                task.preprocessed().text().release(job.temps());
            }
        }
    }

    /**
     * {@code JDISTCC_STREAM_CPP}, and every candidate takes the text as it is written: then nothing is
     * preprocessed first, and {@link PreprocessedDialect} preprocesses while it sends.
     */
    private boolean streamsToAll(List<HostSpec> candidates, HostDialects hostDialects) {
        return settings.streamCpp()
                && !candidates.isEmpty()
                && candidates.stream().allMatch(h -> hostDialects.speaks(h, ProtocolVersion.FEATURE_SOURCE_CHUNKS));
    }

    private CompileHere here(int localSlots) {
        return new CompileHere(job, progress, slots, localSlots, settings.fallback());
    }

    /** The attempt loop: a slot on the first free candidate, an attempt there, until one result is kept. */
    private int distribute(
            CompileTask task,
            HostList hosts,
            List<Dialect> dialects,
            List<HostSpec> candidates,
            CompileHere tail,
            JobSender sender,
            Verification verification) {
        List<String> localCommand = task.localCommand();
        Set<HostSpec> excluded = new HashSet<>();
        RemoteFailure last = null;
        HostSpec lastHost = null;
        Work work = Work.of(task, settings.distccDir());
        var rooms = new FirstInvitation(slots, placer, hostDialects, sender, settings.timeouts(), log);
        while (true) {
            FinishFirst.Placed placed = acquire(candidates, excluded, work.units());
            if (placed == null) {
                break;
            }
            placed = rooms.await(placed, candidates, excluded, work.units(), () -> progress.phase(Phase.BLOCKED));
            Why here;
            HostSpec toVerify = null;
            try (Slot slot = placed.slot()) {
                HostSpec host = slot.host();
                progress.host(host.toString(), slot.index());
                Instant started = Instant.now();
                if (host instanceof HostSpec.Local) {
                    int status = tail.run(localCommand, Why.localhostChosen(slot.index()), slot.index());
                    work.learn(speeds, host, placed, Duration.between(started, Instant.now()));
                    return status;
                }
                log.debug("compiling " + task.sourceName() + " on " + host + " slot " + slot.index() + ", expected "
                        + placed.expected().toMillis() + " ms");
                Attempt attempt;
                HostSpec thisMachine = new HostSpec.Local(hosts.localSlots());
                Duration hereRun = placer.estimate(thisMachine, work.units(), candidates);
                // Racing compiles here only when the user offered this machine in the host list
                // (distcc 3.4 never compiles here otherwise but as a fallback), and only against a
                // volunteer whose pace is known, not guessed.
                LearnedSpeeds.Pace pace = speeds.get(host);
                boolean hereListed = candidates.stream().anyMatch(h -> h instanceof HostSpec.Local);
                Duration known = hereListed && pace != null && pace.samples() > 0 ? placed.expected() : null;
                try (var race = RaceHere.watch(task, tail, sender, Clock.systemUTC(), known, hereRun)) {
                    attempt = attempt(task, dialects, host);
                    RaceHere.Result first = attempt instanceof Attempt.Done ? null : race.resultHere();
                    if (first != null) {
                        speeds.observe(thisMachine, work.units(), first.took());
                        // What the volunteer took is at least this: its pace learns that it lagged.
                        speeds.observe(host, work.units(), race.elapsed());
                        return tail.keep(first, Why.racedHere(host.toString()), task.target());
                    }
                } catch (InterruptedException | IOException e) {
                    job.checkAbandoned();
                    log.warning("compiling " + task.sourceName() + " here too failed: " + e.getMessage());
                    attempt = new Attempt.HostFailed(
                            new RemoteFailure(RemoteFailure.Kind.IO_ERROR, String.valueOf(e.getMessage()), e));
                }
                switch (attempt) {
                    case Attempt.Done done -> {
                        backoff.markSucceeded(host);
                        // distcc 3.4's words (src/exec.c, dcc_critique_status), at its level.
                        int status = done.status();
                        Duration took = Duration.between(started, Instant.now());
                        log.info("compile " + task.sourceName() + " on " + hosts.wordOf(host)
                                + switch (status) {
                                    case 0 -> " completed ok";
                                    case 1 -> " failed";
                                    default -> " failed with exit code " + status;
                                });
                        log.debug("compiled " + task.sourceName() + " on " + host + " in " + took.toMillis() + " ms");
                        work.learn(speeds, host, placed, took);
                        if (!verification.wanted(task, host, status)) {
                            return status;
                        }
                        toVerify = host;
                        here = null;
                    }
                    case Attempt.Here h -> {
                        if (h.volunteerAnswered()) {
                            backoff.markSucceeded(host);
                        }
                        here = h.why();
                    }
                    case Attempt.HostFailed failed
                    when failed.failure().kind() == RemoteFailure.Kind.OTHER_COMPILER -> {
                        // Not the volunteer's fault: no backoff. What it said of itself is stale.
                        job.checkAbandoned();
                        log.warning("not compiling " + task.sourceName() + " on " + host + ": "
                                + failed.failure().getMessage());
                        hostDialects.forget(host);
                        excluded.add(host);
                        continue;
                    }
                    case Attempt.HostFailed failed
                    when failed.failure().isDialectRefused() && hostDialects.turnedDistcc(host, settings, log) -> {
                        // distcc 3.4's daemon serves the address a jdistcc one had: not the
                        // volunteer's fault, and not backed off; the compile may go there again.
                        // Once: it is now known as distcc's, so its requests are no longer jdistcc's
                        // (and a host that answered the hello fails below and is excluded).
                        job.checkAbandoned();
                        log.info(host + " is a distcc 3.4 volunteer now; its compiles go in distcc's dialect");
                        continue;
                    }
                    case Attempt.HostFailed failed -> {
                        job.checkAbandoned();
                        last = failed.failure();
                        lastHost = host;
                        log.warning(
                                "failed to distribute " + task.sourceName() + " to " + host + ": " + last.getMessage());
                        progress.remoteFailed(host.toString(), last.kind());
                        backoff.markFailed(host);
                        hostDialects.forget(host);
                        // It may come back as another machine, or with an empty cache.
                        resident.volunteerFiles().forget(settings.distccDir(), host);
                        excluded.add(host);
                        continue;
                    }
                    case Attempt.Declined declined -> here = Why.byChoice(declined.why());
                }
            } finally {
                sender.decline(); // an invitation no attempt used
            }
            // The volunteer's slot is released before compiling here, as distcc 3.4 does.
            return toVerify != null ? verification.check(task, toVerify) : tail.run(localCommand, here, -1);
        }
        ExitCode refusal = last != null ? last.kind().exitCode() : ExitCode.NO_HOSTS;
        String word = lastHost == null ? null : hosts.wordOf(lastHost);
        byte[] said = last == null ? new byte[0] : last.volunteerStderr();
        return tail.run(localCommand, Why.fallback(task.sourceName(), word, refusal, said), -1);
    }

    /** An attempt in the first dialect {@code host} speaks that does not decline the compile. */
    private Attempt attempt(CompileTask task, List<Dialect> dialects, HostSpec host) {
        Attempt attempt = new Attempt.Declined("no dialect in common with " + host);
        for (Dialect dialect : dialects) {
            if (dialect.speaks(host)) {
                attempt = dialect.attempt(task, host);
                if (!(attempt instanceof Attempt.Declined d)) {
                    return attempt;
                }
                log.debug("not in " + dialect.getClass().getSimpleName() + ": " + d.why());
            }
        }
        return attempt;
    }

    private FinishFirst.Placed acquire(List<HostSpec> candidates, Set<HostSpec> excluded, double units) {
        resident.loads().refresh(candidates, hostDialects, speeds, settings);
        try {
            return placer.acquire(candidates, excluded, units, () -> progress.phase(Phase.BLOCKED));
        } catch (IOException e) {
            log.warning("cannot take a slot in " + settings.lockDir() + ": " + e.getMessage());
            return null;
        }
    }
}
