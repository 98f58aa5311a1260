package org.jdistcc.client.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdistcc.client.config.Fidelity;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.includes.Result;
import org.jdistcc.client.job.Diagnostics;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.job.OutputFiles;
import org.jdistcc.client.job.TempFiles;
import org.jdistcc.client.monitor.Phase;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.scheduling.CompilerMatch;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;
import org.jdistcc.client.sources.IncludedFiles;
import org.jdistcc.client.sources.PumpInputs;
import org.jdistcc.client.sources.SourceManifest;
import org.jdistcc.client.sources.SourcePackage;
import org.jdistcc.client.sources.WorkingDirectory;
import org.jdistcc.common.args.Verdict;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Manifest;
import org.jdistcc.protocol.Need;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.SideFile;

/**
 * jdistcc's source mode, between jdistcc ends, whether {@code pump} runs or not: the volunteer compiles
 * the original sources on a copy of every input, and its results (object, {@code .d}, {@code .dwo},
 * {@code .su}, stderr, status) are a local compile's. The inputs come from the agent's include analysis,
 * without running the preprocessor here; only when it cannot be sure does the preprocessor list them.
 * Every input goes by digest ({@link Manifest}): the volunteer's cache supplies what it holds, and only
 * what it lacks travels ({@link Need}). Mirrors the daemon's source-mode step.
 */
final class SourceDialect implements Dialect {
    static final ProtocolVersion VERSION = ProtocolVersion.jdistcc(ProtocolVersion.FEATURE_LZ4
            | ProtocolVersion.FEATURE_SIDE_FILES
            | ProtocolVersion.FEATURE_SOURCES
            | ProtocolVersion.FEATURE_FILE_CACHE);

    private static final long MAX_INPUT_BYTES = 512L * 1024 * 1024;

    private final Settings settings;
    private final Fidelity fidelity;
    private final SlotPicker slots;
    private final int cppSlots;
    private final JobSender sender;
    private final HostDialects dialects;
    private final Resident resident;
    private final Compressing compressing;

    SourceDialect(
            Settings settings,
            Fidelity fidelity,
            SlotPicker slots,
            int cppSlots,
            JobSender sender,
            HostDialects dialects,
            Resident resident,
            Compressing compressing) {
        this.dialects = dialects;
        this.compressing = compressing;
        this.settings = settings;
        this.fidelity = fidelity;
        this.slots = slots;
        this.cppSlots = cppSlots;
        this.sender = sender;
        this.resident = resident;
    }

    @Override
    public String whyNot(CompileTask task) {
        if (settings.uncarried() != null) {
            return settings.uncarried() + " is set";
        }
        if (!(task.command().verdictWithSources() instanceof Verdict.Distributable)) {
            return task.command().verdictWithSources().toString();
        }
        return supportsCompiler(task.localCommand().getFirst()) ? null : "source mode is only checked with gcc";
    }

    /** jdistcc volunteers, known by their answer to a hello or marked {@code ,lz4}. */
    @Override
    public boolean speaks(HostSpec host) {
        return dialects.speaksAll(host, VERSION.features());
    }

    /** Whether the compiler is one source mode was checked with: gcc's driver, whatever its name here. */
    static boolean supportsCompiler(String localCompiler) {
        String real;
        try {
            real = Path.of(localCompiler).toRealPath().getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return (real.contains("gcc") || real.contains("g++")) && !real.contains("clang");
    }

    @Override
    public Attempt attempt(CompileTask task, HostSpec host) {
        try {
            return send(task, host);
        } catch (SourcePackage.Unpackable e) {
            return new Attempt.Declined(e.getMessage());
        } catch (RemoteFailure failure) {
            return new Attempt.HostFailed(failure);
        }
    }

    @Override
    public IncludeAnalysis.Request analysisRequest(CompileTask task) {
        String cwd = WorkingDirectory.of(task.job().cwd(), settings.pwd());
        return sendable(cwd) ? request(task, cwd) : null;
    }

    /** The compile runs in {@code cwd} on the volunteer too: a normal directory below {@code /}. */
    private static boolean sendable(String cwd) {
        return !cwd.equals("/") && Path.of(cwd).normalize().toString().equals(cwd);
    }

    private IncludeAnalysis.Request request(CompileTask task, String cwd) {
        return new IncludeAnalysis.Request(
                task.command(), Path.of(task.localCommand().getFirst()), Path.of(cwd), settings.environment());
    }

    private Attempt send(CompileTask task, HostSpec host) throws RemoteFailure, SourcePackage.Unpackable {
        JobContext job = task.job();
        String cwd = WorkingDirectory.of(job.cwd(), settings.pwd());
        if (!sendable(cwd)) {
            return new Attempt.Declined("working directory " + cwd + " is / or not normal");
        }
        Path target = task.target();
        if (!Files.isDirectory(target.getParent())) {
            return new Attempt.Declined("no directory for " + target + " (gcc's own error comes from a local run)");
        }
        Path dependencies = dependencyFile(task);
        if (dependencies != null && !writable(dependencies)) {
            return new Attempt.Declined("no directory for " + dependencies + ", or it is not a regular file");
        }
        TempFiles temps = job.temps();
        var progress = task.progress();
        Path tempDir = null;
        try {
            Inputs inputs = inputs(task, cwd);
            if (inputs == null) {
                return new Attempt.Here(
                        Why.rerun("the preprocessor failed; compiling here for its diagnostics"), false);
            }
            SourceManifest files = inputs.manifest();
            if (files.bytes() > MAX_INPUT_BYTES) {
                return new Attempt.Declined("inputs exceed " + MAX_INPUT_BYTES + " bytes");
            }
            List<String> argv = new ArrayList<>(task.onVolunteer(task.command().arguments()));
            // gcc's driver starts its messages with its own name: the volunteer runs it under ours
            // (unless $DISTCC_DIR/compilers names another compiler there).
            argv.set(
                    0,
                    task.compilers().match(host) instanceof CompilerMatch.Mapped m
                            ? m.name()
                            : Path.of(task.localCommand().getFirst())
                                    .getFileName()
                                    .toString());
            ProtocolVersion version = ProtocolVersion.jdistcc(VERSION.features()
                            & (compressing.compresses(host, Compression.LZ4, job.log())
                                    ? ~0
                                    : ~ProtocolVersion.FEATURE_LZ4)
                    | (dialects.speaks(host, ProtocolVersion.FEATURE_IDENTITY) ? ProtocolVersion.FEATURE_IDENTITY : 0));
            List<String> digests = files.digests();
            boolean known = resident.volunteerFiles().holdsAll(settings.distccDir(), host, digests);
            progress.phase(Phase.CONNECT);
            try (JobSender.Job remote =
                    sender.start(host, version, cwd, argv, task.compilers().identityFor(host))) {
                progress.inputSize(files.bytes());
                progress.phase(Phase.SEND);
                remote.sendManifest(settings.carried(), new Manifest(!known, files.entries()));
                tempDir =
                        temps.register(Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "."));
                Path objectTemp = tempDir.resolve("object");
                progress.phase(Phase.COMPILE);
                Reply reply = null;
                while (reply == null) {
                    switch (remote.answer(files.entries().size(), objectTemp, tempDir)) {
                        case Need need -> {
                            progress.phase(Phase.SEND);
                            List<byte[]> contents =
                                    new ArrayList<>(need.indices().size());
                            for (int index : need.indices()) {
                                contents.add(files.content(index));
                            }
                            remote.sendFiles(contents);
                            job.log().debug("sent " + contents.size() + " of " + digests.size() + " files to " + host);
                            progress.phase(Phase.COMPILE);
                        }
                        case Reply r -> reply = r;
                        default -> throw new RemoteFailure(RemoteFailure.Kind.PROTOCOL_ERROR, host + ": not an answer");
                    }
                }
                progress.phase(Phase.RECEIVE);
                progress.remoteReplied(remote.bytesSent(), remote.bytesReceived(), reply.flags());
                resident.volunteerFiles().add(settings.distccDir(), host, digests);
                Attempt attempt = accept(task, host, reply, objectTemp, dependencies, inputs.wroteDependencies());
                if (attempt instanceof Attempt.Done) {
                    job.log().debug("compiled " + task.sourceName() + " on " + host + " in source mode");
                }
                return attempt;
            }
        } catch (PumpInputs.Changed e) {
            return new Attempt.Here(Why.byChoice(e.getMessage()), false);
        } catch (IOException e) {
            throw new RemoteFailure(RemoteFailure.Kind.IO_ERROR, e.getMessage(), e);
        } finally {
            temps.delete(tempDir);
        }
    }

    /**
     * @param wroteDependencies the preprocessor run that listed the inputs wrote the {@code .d} file
     */
    private record Inputs(SourceManifest manifest, boolean wroteDependencies) {}

    /** The include analysis's inputs; when it cannot be sure, the preprocessor's listing; null if that failed. */
    private Inputs inputs(CompileTask task, String cwd) throws IOException, SourcePackage.Unpackable {
        var command = task.command();
        if (!command.needsPreprocessing()) {
            var listed = SourcePackage.build(
                    task.job(), cwd, List.of(command.source().orElseThrow()), List.of(), MAX_INPUT_BYTES);
            return new Inputs(SourceManifest.of(listed), false);
        }
        switch (task.analyse(resident.analysis(), request(task, cwd))) {
            case Result.Inputs found -> {
                return new Inputs(SourceManifest.of(found, resident.analysis()), false);
            }
            case Result.CannotBeSure no ->
                task.job()
                        .log()
                        .debug("include analysis of " + task.sourceName() + " gave up: " + no.reason()
                                + "; the preprocessor lists the inputs");
        }
        List<String> opened;
        if (task.preprocessed() != null) {
            // Preprocessed already, before placement (see Preparation): its listing serves.
            opened = IncludedFiles.parse(task.preprocessed().text().bytes());
        } else {
            task.progress().phase(Phase.PREPROCESS);
            opened = preprocess(task);
            if (opened == null) {
                return null;
            }
        }
        var listed = SourcePackage.build(task.job(), cwd, opened, command.includeDirectories(), MAX_INPUT_BYTES);
        return new Inputs(SourceManifest.of(listed), true);
    }

    /** Runs the preprocessor for the list of inputs (and the dependency file); null if it failed. */
    @SuppressWarnings("try") // the slot is held, not used
    private List<String> preprocess(CompileTask task) throws IOException {
        var command = task.command();
        TempFiles temps = task.job().temps();
        Path preprocessed = temps.register(Files.createTempFile(
                settings.tmpDir(), "distcc_", command.preprocessedExtension().orElse(".i")));
        try (Slot slot = slots.acquire(List.of(new HostSpec.Local(cppSlots)), Set.of())) {
            Preprocessor preprocessor = Preprocessor.start(task.job(), task.localPreprocessCommand(preprocessed));
            int status = preprocessor.await();
            // Its diagnostics are dropped: the volunteer's compile prints them again, in context.
            preprocessor.stderr();
            return status != 0 ? null : IncludedFiles.read(preprocessed);
        } finally {
            temps.delete(preprocessed);
        }
    }

    private Attempt accept(
            CompileTask task, HostSpec host, Reply reply, Path objectTemp, Path dependencies, boolean wroteDependencies)
            throws IOException {
        JobContext job = task.job();
        byte[] stderr = ((Payload.Bytes) reply.stderr()).content();
        byte[] stdout = ((Payload.Bytes) reply.stdout()).content();
        if (stderr.length > 0 && fidelity.stderrIsTerminal()) {
            return new Attempt.Here(
                    Why.byChoice("diagnostics for a terminal depend on it; compiling here to print them"), true);
        }
        if (!reply.succeeded()) {
            // Keeping the failure is only exact when no side file is involved: gcc leaves a truncated
            // .su, and the .d file, behind, which the reply does not carry.
            boolean sideFiles = !task.command().isDistributable() || dependencies != null;
            return FailedRemotely.decide(task, host, settings, sideFiles, reply.exitStatus(), stderr, stdout);
        }
        byte[] dotd = reply.deps() == null ? new byte[0] : ((Payload.Bytes) reply.deps()).content();
        if (dependencies != null && dotd.length > 0) {
            Path temp = job.temps().register(tempBeside(dependencies));
            Files.write(temp, dotd);
            job.applyUmask(temp);
            OutputFiles.move(job.temps(), temp, dependencies);
        } else if (dependencies != null && !wroteDependencies) {
            return new Attempt.Here(Why.byChoice("the volunteer could not write the dependency file exactly"), true);
        }
        job.applyUmask(objectTemp);
        for (SideFile side : reply.sideFiles()) {
            job.applyUmask(((Payload.InFile) side.content()).path());
        }
        OutputFiles.commit(job.temps(), objectTemp, task.target(), reply.sideFiles());
        Diagnostics.stderr(job, stderr);
        Diagnostics.stdout(job, stdout);
        return new Attempt.Done(0);
    }

    /** Where the compile writes its {@code .d} file, as gcc names it; null if it writes none. */
    private Path dependencyFile(CompileTask task) {
        return task.command()
                .dependencyFile(settings.environment())
                .map(task.job()::resolve)
                .orElse(null);
    }

    private static boolean writable(Path file) {
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            return false;
        }
        return !Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static Path tempBeside(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".distcc-tmp");
    }
}
