package org.jdistcc.client.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdistcc.client.config.Fidelity;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Diagnostics;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.job.OutputFiles;
import org.jdistcc.client.job.TempFiles;
import org.jdistcc.client.monitor.Phase;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;
import org.jdistcc.client.sources.IncludedFiles;
import org.jdistcc.client.sources.SourcePackage;
import org.jdistcc.client.sources.WorkingDirectory;
import org.jdistcc.common.args.Verdict;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.SideFile;

/**
 * jdistcc's source mode: the preprocessor runs here only to write the dependency file and to list
 * the inputs; the volunteer gets those files and the original command, and its results (object,
 * {@code .dwo}, {@code .su}, stderr, status) are what a local compile gives. Mirrors the daemon's
 * source-mode step.
 */
final class SourceDialect implements Dialect {
    static final ProtocolVersion VERSION = ProtocolVersion.jdistcc(
            ProtocolVersion.FEATURE_LZ4 | ProtocolVersion.FEATURE_SIDE_FILES | ProtocolVersion.FEATURE_SOURCES);

    private static final long MAX_INPUT_BYTES = 512L * 1024 * 1024;

    private final Settings settings;
    private final Fidelity fidelity;
    private final SlotPicker slots;
    private final int cppSlots;
    private final JobSender sender;
    private final HostDialects dialects;

    SourceDialect(
            Settings settings,
            Fidelity fidelity,
            SlotPicker slots,
            int cppSlots,
            JobSender sender,
            HostDialects dialects) {
        this.dialects = dialects;
        this.settings = settings;
        this.fidelity = fidelity;
        this.slots = slots;
        this.cppSlots = cppSlots;
        this.sender = sender;
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
        return dialects.speaks(host, ProtocolVersion.FEATURE_SOURCES);
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

    private Attempt send(CompileTask task, HostSpec host) throws RemoteFailure, SourcePackage.Unpackable {
        JobContext job = task.job();
        String cwd = WorkingDirectory.of(job.cwd(), settings.pwd());
        if (cwd.equals("/") || !Path.of(cwd).normalize().toString().equals(cwd)) {
            return new Attempt.Declined("working directory " + cwd + " is / or not normal");
        }
        Path target = task.target();
        if (!Files.isDirectory(target.getParent())) {
            return new Attempt.Declined("no directory for " + target + " (gcc's own error comes from a local run)");
        }
        TempFiles temps = job.temps();
        var command = task.command();
        var progress = task.progress();
        Path tempDir = null;
        try {
            List<String> opened;
            if (task.preprocessed() != null) {
                opened = IncludedFiles.read(task.preprocessed().text());
            } else if (command.needsPreprocessing()) {
                progress.phase(Phase.PREPROCESS);
                opened = preprocess(task);
                if (opened == null) {
                    return new Attempt.Here(
                            Why.rerun("the preprocessor failed; compiling here for its diagnostics"), false);
                }
            } else {
                opened = List.of(command.source().orElseThrow());
            }
            SourcePackage inputs = SourcePackage.build(job, cwd, opened, command.includeDirectories(), MAX_INPUT_BYTES);
            List<String> argv = new ArrayList<>(task.onVolunteer(command.sourceModeCommand()));
            // gcc's driver starts its messages with its own name: the volunteer runs it under ours.
            argv.set(0, Path.of(task.localCommand().getFirst()).getFileName().toString());
            job.log().debug("source mode: sending " + task.sourceName() + " and its headers to " + host);
            progress.phase(Phase.CONNECT);
            try (JobSender.Job remote = sender.start(host, VERSION, cwd, argv)) {
                progress.inputSize(inputs.bytes());
                progress.phase(Phase.SEND);
                remote.sendSources(settings.carried(), inputs.entries());
                tempDir =
                        temps.register(Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "."));
                Path objectTemp = tempDir.resolve("object");
                progress.phase(Phase.COMPILE);
                remote.awaitReply();
                progress.phase(Phase.RECEIVE);
                Reply reply = remote.receive(objectTemp, tempDir);
                progress.remoteReplied(remote.bytesSent(), remote.bytesReceived());
                Attempt attempt = accept(task, host, reply, objectTemp);
                if (attempt instanceof Attempt.Done) {
                    job.log().debug("compiled " + task.sourceName() + " on " + host + " in source mode");
                }
                return attempt;
            }
        } catch (IOException e) {
            throw new RemoteFailure(RemoteFailure.Kind.IO_ERROR, e.getMessage(), e);
        } finally {
            temps.delete(tempDir);
        }
    }

    /** Runs the preprocessor for the dependency file and the list of inputs; null if it failed. */
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

    private Attempt accept(CompileTask task, HostSpec host, Reply reply, Path objectTemp) throws IOException {
        JobContext job = task.job();
        byte[] stderr = ((Payload.Bytes) reply.stderr()).content();
        byte[] stdout = ((Payload.Bytes) reply.stdout()).content();
        if (stderr.length > 0 && fidelity.stderrIsTerminal()) {
            return new Attempt.Here(
                    Why.byChoice("diagnostics for a terminal depend on it; compiling here to print them"), true);
        }
        if (!reply.succeeded()) {
            // Keeping the failure is only exact when no side file is involved: gcc leaves a truncated
            // .su behind, which the reply does not carry.
            return FailedRemotely.decide(
                    task, host, settings, !task.command().isDistributable(), reply.exitStatus(), stderr, stdout);
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
}
