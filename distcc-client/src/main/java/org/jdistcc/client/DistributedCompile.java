package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.local.Preprocessor;
import org.jdistcc.client.monitor.JobProgress;
import org.jdistcc.client.monitor.Phase;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.scheduling.Backoff;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;
import org.jdistcc.client.sources.SourcePackage;
import org.jdistcc.client.stats.Outcome;
import org.jdistcc.common.ExitCode;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.common.args.Verdict;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;

/**
 * One compile: local-only commands run here; distributable ones are preprocessed here, sent to a
 * volunteer, and on any failure of the volunteer's (not of the source's) retried on another
 * volunteer, then here. The object appears at its path only complete.
 */
final class DistributedCompile {
    static final String DEBUG_INFO_DIFFERS =
            "debug information made from preprocessed text differs from a local compile's (DW_AT_decl_column)";
    static final String DIAGNOSTICS_DIFFER =
            "diagnostics made from preprocessed text lose source lines, carets and macro notes";

    private final Settings settings;
    private final HostList hosts;
    private final Trace trace;
    private final Map<String, String> env;
    private final Backoff backoff;
    private final SlotPicker slots;
    private final JobSender sender;
    private final JobProgress progress;
    private final Fidelity fidelity;
    private final SourceModeCompile sourceMode;

    DistributedCompile(Settings settings, HostList hosts, Trace trace, Map<String, String> env, JobProgress progress) {
        this.settings = settings;
        this.progress = progress;
        this.hosts = hosts;
        this.trace = trace;
        this.env = env;
        this.backoff = new Backoff(settings.lockDir(), settings.backoffPeriod(), Clock.systemUTC());
        this.slots = new SlotPicker(settings.lockDir(), settings.slotBackstop());
        this.sender = new JobSender(settings.timeouts(), settings.sshCommand(), Limits.DEFAULT);
        this.fidelity = Fidelity.from(env);
        this.sourceMode = new SourceModeCompile(settings, env, fidelity, slots, hosts.localSlotsCpp(), sender);
        TempFiles.keepForDebugging(settings.saveTemps());
    }

    /**
     * @param localCommand the command to run here, compiler resolved to a path
     * @param remoteName the compiler's name as the volunteer should see it
     */
    int run(List<String> localCommand, String remoteName) {
        List<String> named = new ArrayList<>(localCommand);
        named.set(0, remoteName);
        CompilerCommand command = CompilerCommand.parse(named);
        progress.source(command.source().orElse(null));
        boolean sources = command.verdictWithSources() instanceof Verdict.Distributable
                && SourceModeCompile.supportsCompiler(localCommand.getFirst());
        boolean preprocessed = command.isDistributable() && (!fidelity.strict() || !command.emitsDebugInfo());
        if (!sources && !preprocessed) {
            trace.log("compiling locally: " + (command.isDistributable() ? DEBUG_INFO_DIFFERS : command.verdict()));
            return runLocally(localCommand);
        }
        Path target = JobContext.current().resolve(command.output().orElseThrow());
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // gcc writes into /dev/null or through a symlink; our rename into place would replace
            // them (as root, /dev/null itself). Only the compiler itself does the same here.
            trace.log("compiling locally: " + target + " is not a regular file");
            return runLocally(localCommand);
        }
        Set<HostSpec> excluded = new HashSet<>();
        List<HostSpec> candidates = new ArrayList<>();
        for (HostSpec host : hosts.hosts()) {
            if (backoff.isBackedOff(host)) {
                trace.log("skipping " + host + ": backed off after a recent failure");
            } else if (!preprocessed && !(host instanceof HostSpec.Local) && !speaksSources(host)) {
                trace.log("skipping " + host + ": it cannot compile this exactly as here ("
                        + (command.isDistributable() ? DEBUG_INFO_DIFFERS : command.verdict())
                        + ") and does not speak jdistcc source mode");
            } else {
                candidates.add(host);
            }
        }
        if (hosts.randomize()) {
            // distcc 3.4 (--randomize) shuffles with srand(getpid()): a different order per client.
            java.util.Collections.shuffle(
                    candidates, new java.util.Random(JobContext.current().pid()));
        }
        RemoteFailure last = null;
        while (true) {
            Slot acquired;
            try {
                acquired = slots.tryAcquire(candidates, excluded);
                if (acquired == null && !excluded.containsAll(candidates)) {
                    progress.phase(Phase.BLOCKED);
                    acquired = slots.acquire(candidates, excluded);
                }
            } catch (IOException e) {
                trace.warn("cannot take a slot in " + settings.lockDir() + ": " + e.getMessage());
                acquired = null;
            }
            if (acquired == null) {
                break;
            }
            try (Slot slot = acquired) {
                progress.host(slot.host().toString(), slot.index());
                if (slot.host() instanceof HostSpec.Local) {
                    trace.log("compiling locally: localhost slot " + slot.index());
                    progress.compilingHere(slot.index());
                    return JobContext.current().runLocally(localCommand);
                }
                trace.log("compiling " + command.source().orElse("?") + " on " + slot.host() + " slot " + slot.index());
                try {
                    if (sources && speaksSources(slot.host())) {
                        try {
                            return compileFromSources(command, localCommand, slot.host());
                        } catch (SourcePackage.Unpackable e) {
                            trace.log("not in source mode: " + e.getMessage());
                            if (!preprocessed) {
                                trace.log("compiling locally: "
                                        + (command.isDistributable() ? DEBUG_INFO_DIFFERS : command.verdict()));
                                return runLocally(localCommand);
                            }
                        }
                    }
                    return compileRemotely(command, localCommand, slot.host());
                } catch (RemoteFailure failure) {
                    JobContext.current().checkAbandoned();
                    last = failure;
                    trace.warn("failed to distribute " + command.source().orElse("") + " to " + slot.host() + ": "
                            + failure.getMessage());
                    progress.remoteFailed(slot.host().toString(), failure.kind());
                    backoff.markFailed(slot.host());
                    excluded.add(slot.host());
                }
            }
        }
        progress.outcome(Outcome.FALLBACK);
        if (!settings.fallback()) {
            progress.outcome(Outcome.FAILED);
            ExitCode code = last != null ? last.kind().exitCode() : ExitCode.NO_HOSTS;
            Main.fail(code, "failed to distribute and fallbacks are disabled (DISTCC_FALLBACK=0)");
            return code.code();
        }
        if (last != null) {
            trace.warn("compiling " + command.source().orElse("") + " locally");
        } else {
            trace.log("no volunteer available; compiling locally");
        }
        return runLocally(localCommand);
    }

    private int compileFromSources(CompilerCommand command, List<String> localCommand, HostSpec host)
            throws RemoteFailure, SourcePackage.Unpackable {
        trace.log("source mode: sending " + command.source().orElse("?") + " and its headers to " + host);
        SourceModeCompile.Outcome outcome = sourceMode.compile(command, localCommand, host);
        backoff.markSucceeded(host);
        return switch (outcome) {
            case SourceModeCompile.Outcome.Done done -> {
                trace.log("compiled " + command.source().orElse("") + " on " + host + " in source mode");
                yield done.status();
            }
            case SourceModeCompile.Outcome.RunLocally local -> {
                trace.log("compiling locally: " + local.why());
                yield JobContext.current().runLocally(localCommand);
            }
        };
    }

    /** Hosts marked as jdistcc ({@code ,lz4}) speak its dialects, source mode included. */
    private static boolean speaksSources(HostSpec host) {
        return switch (host) {
            case HostSpec.Tcp t -> t.compression() == Compression.LZ4;
            case HostSpec.Ssh s -> s.compression() == Compression.LZ4;
            case HostSpec.Local l -> false;
        };
    }

    /** Takes one of this machine's slots first, so a dead farm does not overload the machine. */
    private int runLocally(List<String> localCommand) {
        try (Slot slot = slots.acquire(List.of(new HostSpec.Local(hosts.localSlots())), Set.of())) {
            progress.compilingHere(slot.index());
            return JobContext.current().runLocally(localCommand);
        } catch (IOException e) {
            return JobContext.current().runLocally(localCommand);
        }
    }

    private int compileRemotely(CompilerCommand command, List<String> localCommand, HostSpec host)
            throws RemoteFailure {
        ProtocolVersion version = protocolFor(host);
        Path target = JobContext.current().resolve(command.output().orElseThrow());
        Path preprocessed = null;
        Path objectTemp = null;
        Preprocessor cpp = null;
        Slot cppSlot = null;
        try {
            if (command.needsPreprocessing()) {
                progress.phase(Phase.PREPROCESS);
                preprocessed = TempFiles.register(Files.createTempFile(
                        settings.tmpDir(),
                        "distcc_",
                        command.preprocessedExtension().orElse(".i")));
                cppSlot = slots.acquire(List.of(new HostSpec.Local(hosts.localSlotsCpp())), Set.of());
                cpp = Preprocessor.start(withLocalCompiler(command.preprocessCommand(preprocessed), localCommand));
                TempFiles.register(cpp.process());
            } else {
                preprocessed = JobContext.current().resolve(command.source().orElseThrow());
            }
            progress.phase(Phase.CONNECT);
            try (JobSender.Job job = sender.start(host, version, command.remoteCommand())) {
                byte[] cppStderr = new byte[0];
                if (cpp != null) {
                    if (cpp.process().isAlive()) {
                        progress.phase(Phase.PREPROCESS);
                    }
                    int status = cpp.await();
                    TempFiles.forget(cpp.process());
                    cppSlot.close();
                    cppSlot = null;
                    cppStderr = cpp.stderr();
                    if (status != 0) {
                        // The source's own fault. A direct local run gives the exact diagnostics.
                        trace.log("preprocessor failed with status " + status
                                + "; compiling locally for its diagnostics");
                        progress.outcome(Outcome.RERUN_HERE);
                        progress.compilingHere(-1);
                        return runHereWithoutTemps(localCommand, null, preprocessed, command);
                    }
                    if (fidelity.strict() && cppStderr.length > 0) {
                        trace.log("compiling locally: " + DIAGNOSTICS_DIFFER);
                        return runHereWithoutTemps(localCommand, null, preprocessed, command);
                    }
                }
                progress.phase(Phase.SEND);
                job.sendSource(preprocessed);
                objectTemp = TempFiles.register(tempBeside(target));
                progress.phase(Phase.COMPILE);
                job.awaitReply();
                progress.phase(Phase.RECEIVE);
                Reply reply = job.receive(objectTemp, target.getParent());
                progress.remoteReplied(job.bytesSent(), job.bytesReceived());
                byte[] stderr = ((Payload.Bytes) reply.stderr()).content();
                byte[] stdout = ((Payload.Bytes) reply.stdout()).content();
                if (!reply.succeeded()) {
                    if (!settings.skipLocalRetry() || fidelity.strict()) {
                        // distcc 3.4 re-runs a failed compile here: the volunteer's environment may
                        // differ, and a local run gives diagnostics with source lines intact.
                        trace.log("remote compile failed with status " + reply.exitStatus() + "; retrying locally");
                        progress.outcome(Outcome.RERUN_HERE);
                        progress.compilingHere(-1);
                        return runHereWithoutTemps(localCommand, objectTemp, preprocessed, command);
                    }
                    Diagnostics.writeLines(cppStderr);
                    Diagnostics.writeLines(stderr);
                    Diagnostics.writeStdout(stdout);
                    return reply.exitStatus();
                }
                if (fidelity.strict() && stderr.length > 0) {
                    backoff.markSucceeded(host);
                    trace.log("compiling locally: " + DIAGNOSTICS_DIFFER);
                    return runHereWithoutTemps(localCommand, objectTemp, preprocessed, command);
                }
                JobContext.current().applyUmask(objectTemp);
                OutputFiles.move(objectTemp, target);
                objectTemp = null;
                backoff.markSucceeded(host);
                Diagnostics.writeLines(cppStderr);
                Diagnostics.writeLines(stderr);
                Diagnostics.writeStdout(stdout);
                trace.log("compiled " + command.source().orElse("") + " on " + host);
                return 0;
            }
        } catch (IOException e) {
            throw new RemoteFailure(RemoteFailure.Kind.IO_ERROR, e.getMessage(), e);
        } finally {
            if (cpp != null) {
                cpp.kill();
                TempFiles.forget(cpp.process());
            }
            if (cppSlot != null) {
                cppSlot.close();
            }
            if (command.needsPreprocessing()) {
                TempFiles.delete(preprocessed);
            }
            TempFiles.delete(objectTemp);
        }
    }

    /**
     * Runs the compile here after deleting this attempt's temp files first: in the client agent the
     * compiler runs in the launcher, and nothing of ours may still be on disk when it exits.
     */
    private static int runHereWithoutTemps(
            List<String> localCommand, Path objectTemp, Path preprocessed, CompilerCommand command) {
        TempFiles.delete(objectTemp);
        if (command.needsPreprocessing()) {
            TempFiles.delete(preprocessed);
        }
        return JobContext.current().runLocally(localCommand);
    }

    /** The preprocessor runs the compiler we found on PATH, not the name sent to the volunteer. */
    private static List<String> withLocalCompiler(List<String> cppCommand, List<String> localCommand) {
        List<String> result = new ArrayList<>(cppCommand);
        result.set(0, localCommand.getFirst());
        return result;
    }

    private static Path tempBeside(Path target) throws IOException {
        Path dir = target.getParent();
        // distcc creates missing parent directories of -o; gcc does not. We behave like gcc.
        return Files.createTempFile(dir, "." + target.getFileName() + ".", ".distcc-tmp");
    }

    private ProtocolVersion protocolFor(HostSpec host) {
        var compression = switch (host) {
            case HostSpec.Tcp t -> t.compression();
            case HostSpec.Ssh s -> s.compression();
            case HostSpec.Local l -> throw new IllegalArgumentException("local");
        };
        boolean pump = host instanceof HostSpec.Tcp t ? t.pump() : ((HostSpec.Ssh) host).pump();
        if (pump) {
            trace.log(host + " asks for pump mode (,cpp), which jdistcc does not serve yet: using protocol 2");
        }
        return switch (compression) {
            case NONE -> ProtocolVersion.PLAIN;
            case LZO -> ProtocolVersion.LZO;
            case LZ4 -> ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4);
        };
    }
}
