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
import org.jdistcc.client.job.Log;
import org.jdistcc.client.job.OutputFiles;
import org.jdistcc.client.job.TempFiles;
import org.jdistcc.client.monitor.Phase;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;

/**
 * distcc's own dialect: the source is preprocessed here and the volunteer compiles the text. The
 * text is made before the compile is placed ({@link Preparation}), under one of this machine's
 * preprocessor slots ({@code --localslots_cpp}), and sent whole from memory or its file
 * ({@link StagedText}); where it was not made first, the preprocessor starts before the connection
 * and its first pipeful is written while the request head goes out.
 */
final class PreprocessedDialect implements Dialect {
    static final String DEBUG_INFO_DIFFERS =
            "debug information made from preprocessed text differs from a local compile's (DW_AT_decl_column)";
    static final String RULES_IN_TEXT =
            "the dependency rules would go to standard output, into the text sent (DEPENDENCIES_OUTPUT=-)";
    static final String DIAGNOSTICS_DIFFER =
            "diagnostics made from preprocessed text lose source lines, carets and macro notes";

    private final Settings settings;
    private final Fidelity fidelity;
    private final SlotPicker slots;
    private final int cppSlots;
    private final JobSender sender;
    private final HostDialects dialects;
    private final Compressing compressing;

    PreprocessedDialect(
            Settings settings,
            Fidelity fidelity,
            SlotPicker slots,
            int cppSlots,
            JobSender sender,
            HostDialects dialects,
            Compressing compressing) {
        this.dialects = dialects;
        this.compressing = compressing;
        this.settings = settings;
        this.fidelity = fidelity;
        this.slots = slots;
        this.cppSlots = cppSlots;
        this.sender = sender;
    }

    @Override
    public String whyNot(CompileTask task) {
        if (!task.command().isDistributable()) {
            return task.command().verdict().toString();
        }
        // The command line's -MF - is the verdict's (Reason.DEPENDENCIES_TO_STDOUT); the environment's
        // is not the command's to see. Source mode does not carry DEPENDENCIES_OUTPUT at all.
        if ("-".equals(task.command().dependencyFile(settings.environment()).orElse(null))) {
            return RULES_IN_TEXT;
        }
        return fidelity.strict() && task.command().emitsDebugInfo() ? DEBUG_INFO_DIFFERS : null;
    }

    /** Every volunteer, distcc 3.4's too. */
    @Override
    public boolean speaks(HostSpec host) {
        return !(host instanceof HostSpec.Local);
    }

    /**
     * Whether only a result identical to a local compile's may be kept: strict fidelity, or a jdistcc
     * volunteer, which the user has every reason to expect to be exact (its source mode is).
     */
    private boolean exact(HostSpec host) {
        return fidelity.strict() || dialects.features(host) != 0;
    }

    @Override
    public Attempt attempt(CompileTask task, HostSpec host) {
        if (exact(host) && task.command().emitsDebugInfo()) {
            return new Attempt.Declined(DEBUG_INFO_DIFFERS);
        }
        try {
            return streams(task, host) ? sendStreamed(task, host) : send(task, host);
        } catch (RemoteFailure failure) {
            return new Attempt.HostFailed(failure);
        }
    }

    private Attempt send(CompileTask task, HostSpec host) throws RemoteFailure {
        JobContext job = task.job();
        TempFiles temps = job.temps();
        var command = task.command();
        var progress = task.progress();
        StagedText preprocessed = null;
        Preprocessor cpp = null;
        Slot cppSlot = null;
        try {
            if (task.preprocessed() != null) {
                preprocessed = task.preprocessed().text();
            } else if (command.needsPreprocessing()) {
                progress.phase(Phase.PREPROCESS);
                cppSlot = slots.acquire(List.of(new HostSpec.Local(cppSlots)), Set.of());
                cpp = Preprocessor.startToPipe(job, task.localPreprocessCommand(Path.of("-")));
            } else {
                preprocessed = StagedText.of(job.resolve(command.source().orElseThrow()));
            }
            progress.phase(Phase.CONNECT);
            List<String> argv = argv(task, host);
            ProtocolVersion version = protocolFor(host, job.log());
            String identity = version.has(ProtocolVersion.FEATURE_IDENTITY)
                    ? task.compilers().identityFor(host)
                    : null;
            try (JobSender.Job remote = sender.start(host, version, null, argv, identity)) {
                byte[] cppStderr = task.preprocessed() == null
                        ? new byte[0]
                        : task.preprocessed().stderr();
                if (fidelity.strict() && cppStderr.length > 0) {
                    return new Attempt.Here(Why.byChoice(DIAGNOSTICS_DIFFER), false);
                }
                if (cpp != null) {
                    if (cpp.process().isAlive()) {
                        progress.phase(Phase.PREPROCESS);
                    }
                    try {
                        preprocessed = Preprocessed.stage(task, settings, cpp);
                    } catch (IOException e) {
                        return new Attempt.Here(
                                Why.rerun("cannot read the preprocessor's output: " + e.getMessage()), false);
                    }
                    int status = cpp.await();
                    cppSlot.close();
                    cppSlot = null;
                    cppStderr = cpp.stderr();
                    if (status != 0) {
                        // The source's own fault. A direct local run gives the exact diagnostics.
                        return new Attempt.Here(
                                Why.rerun("preprocessor failed with status " + status + "; compiling here for its"
                                        + " diagnostics"),
                                false);
                    }
                    if (exact(host) && cppStderr.length > 0) {
                        return new Attempt.Here(Why.byChoice(DIAGNOSTICS_DIFFER), false);
                    }
                }
                progress.inputSize(preprocessed.size());
                progress.phase(Phase.SEND);
                remote.sendSource(preprocessed.payload());
                return receive(task, host, remote, cppStderr);
            }
        } catch (IOException e) {
            throw new RemoteFailure(RemoteFailure.Kind.IO_ERROR, e.getMessage(), e);
        } finally {
            if (cpp != null) {
                cpp.kill();
            }
            if (cppSlot != null) {
                cppSlot.close();
            }
            if (preprocessed != null && task.preprocessed() == null) {
                preprocessed.release(temps);
            }
        }
    }

    /**
     * Whether the text goes out as the preprocessor writes it: asked for ({@code JDISTCC_STREAM_CPP}),
     * not made already (for placement), and a volunteer that takes it in chunks.
     */
    private boolean streams(CompileTask task, HostSpec host) {
        return settings.streamCpp()
                && task.preprocessed() == null
                && task.command().needsPreprocessing()
                && dialects.speaks(host, ProtocolVersion.FEATURE_SOURCE_CHUNKS);
    }

    /**
     * The source preprocessed here as it goes out ({@link ProtocolVersion#FEATURE_SOURCE_CHUNKS}): no
     * temporary file, and the volunteer's compiler reads the text while the preprocessor still writes
     * it. A preprocessor that fails abandons the connection at once (the volunteer kills its
     * compiler; distcc's TODO: "in plain (non-pump) mode, abort when cpp fails"), and its own
     * diagnostics and status are the compile's: they name the source's lines, as a compile here
     * would. Strictly, a compile here gives them, since it may add the compiler's own after an error
     * cpp lets pass ({@code #error}).
     */
    private Attempt sendStreamed(CompileTask task, HostSpec host) throws RemoteFailure {
        JobContext job = task.job();
        var progress = task.progress();
        Preprocessor cpp = null;
        Slot cppSlot = null;
        try {
            progress.phase(Phase.PREPROCESS);
            cppSlot = slots.acquire(List.of(new HostSpec.Local(cppSlots)), Set.of());
            cpp = Preprocessor.startToPipe(job, task.localPreprocessCommand(Path.of("-")));
            progress.phase(Phase.CONNECT);
            ProtocolVersion version = ProtocolVersion.jdistcc(
                    protocolFor(host, job.log()).features() | ProtocolVersion.FEATURE_SOURCE_CHUNKS);
            String identity = version.has(ProtocolVersion.FEATURE_IDENTITY)
                    ? task.compilers().identityFor(host)
                    : null;
            try (JobSender.Job remote = sender.start(host, version, null, argv(task, host), identity)) {
                progress.phase(Phase.SEND);
                long size;
                try {
                    size = remote.sendSourceChunks(cpp.text());
                } catch (IOException e) {
                    return new Attempt.Here(
                            Why.rerun("cannot read the preprocessor's output: " + e.getMessage()), false);
                }
                int status = cpp.await();
                cppSlot.close();
                cppSlot = null;
                byte[] cppStderr = cpp.stderr();
                if (status != 0) {
                    remote.close();
                    String why = "preprocessor failed with status " + status;
                    if (fidelity.strict() || status > 128) {
                        return new Attempt.Here(Why.rerun(why + "; compiling here for its diagnostics"), false);
                    }
                    job.log().info(why + "; connection to " + host + " abandoned");
                    Diagnostics.stderr(job, cppStderr);
                    return new Attempt.Done(status);
                }
                if (exact(host) && cppStderr.length > 0) {
                    return new Attempt.Here(Why.byChoice(DIAGNOSTICS_DIFFER), false);
                }
                remote.endSource();
                progress.inputSize(size);
                return receive(task, host, remote, cppStderr);
            }
        } catch (IOException e) {
            throw new RemoteFailure(RemoteFailure.Kind.IO_ERROR, e.getMessage(), e);
        } finally {
            if (cpp != null) {
                cpp.kill();
            }
            if (cppSlot != null) {
                cppSlot.close();
            }
        }
    }

    private static List<String> argv(CompileTask task, HostSpec host) {
        List<String> argv = new ArrayList<>(task.onVolunteer(task.command().remoteCommand()));
        argv.set(0, task.compilers().nameFor(host));
        return argv;
    }

    /** After the source went out: the volunteer's reply, kept or judged. */
    private Attempt receive(CompileTask task, HostSpec host, JobSender.Job remote, byte[] cppStderr)
            throws RemoteFailure, IOException {
        JobContext job = task.job();
        TempFiles temps = job.temps();
        var progress = task.progress();
        Path objectTemp = temps.register(tempBeside(task.target()));
        try {
            progress.phase(Phase.COMPILE);
            remote.awaitReply();
            progress.phase(Phase.RECEIVE);
            Reply reply = remote.receive(objectTemp, task.target().getParent());
            progress.remoteReplied(remote.bytesSent(), remote.bytesReceived(), reply.flags());
            byte[] stderr = ((Payload.Bytes) reply.stderr()).content();
            byte[] stdout = ((Payload.Bytes) reply.stdout()).content();
            if (!reply.succeeded()) {
                byte[] both = new byte[cppStderr.length + stderr.length];
                System.arraycopy(cppStderr, 0, both, 0, cppStderr.length);
                System.arraycopy(stderr, 0, both, cppStderr.length, stderr.length);
                // Strictly, diagnostics made from preprocessed text are never kept.
                return FailedRemotely.decide(task, host, settings, exact(host), reply.exitStatus(), both, stdout);
            }
            if (exact(host) && stderr.length > 0) {
                return new Attempt.Here(Why.byChoice(DIAGNOSTICS_DIFFER), true);
            }
            job.applyUmask(objectTemp);
            OutputFiles.move(temps, objectTemp, task.target());
            objectTemp = null;
            Diagnostics.stderr(job, cppStderr);
            Diagnostics.stderr(job, stderr);
            Diagnostics.stdout(job, stdout);
            return new Attempt.Done(0);
        } finally {
            temps.delete(objectTemp);
        }
    }

    private static Path tempBeside(Path target) throws IOException {
        // distcc creates missing parent directories of -o; gcc does not. We behave like gcc.
        return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".distcc-tmp");
    }

    /**
     * jdistcc's framing with jdistcc volunteers, with the identity check where they serve it;
     * distcc's own protocol 1 or 2 with the rest. Compressed (LZ4, LZO) where the host list marks
     * the host, or where the link's measured speed makes it pay ({@link Compressing}).
     */
    private ProtocolVersion protocolFor(HostSpec host, Log log) {
        if (dialects.speaks(host, ProtocolVersion.FEATURE_LZ4)) {
            boolean lz4 = compressing.compresses(host, Compression.LZ4, log);
            return ProtocolVersion.jdistcc((lz4 ? ProtocolVersion.FEATURE_LZ4 : 0)
                    | (dialects.speaks(host, ProtocolVersion.FEATURE_IDENTITY) ? ProtocolVersion.FEATURE_IDENTITY : 0));
        }
        return compressing.compresses(host, Compression.LZO, log) ? ProtocolVersion.LZO : ProtocolVersion.PLAIN;
    }
}
