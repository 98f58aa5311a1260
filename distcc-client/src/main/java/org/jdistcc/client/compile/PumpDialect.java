package org.jdistcc.client.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.jdistcc.client.sources.PumpInputs;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.Reply;

/**
 * distcc's pump mode (protocol 3), for hosts marked {@code ,cpp} while {@code pump} runs, as distcc
 * 3.4's client speaks it (src/compile.c, {@code dcc_build_somewhere}; src/remote.c): the sources and
 * headers go to the volunteer, which preprocesses and compiles them and sends back the object and the
 * {@code .d} file. The files are those of the agent's {@link IncludeAnalysis}, in place of 3.4's include
 * server; when it cannot be sure, the compile is preprocessed here instead, as 3.4 does when its include
 * server gives up. The daemon's {@code serving/PumpDialect} is the other end.
 */
final class PumpDialect implements Dialect {
    static final String DEBUG_INFO_DIFFERS =
            "debug information made on a pump-mode volunteer names its temporary directory";
    static final String DIAGNOSTICS_DIFFER = "pump-mode diagnostics name the volunteer's temporary directory";

    /** Variables that change the search path on this machine and not on the volunteer (3.4's words). */
    private static final List<String> SEARCH_PATH_VARIABLES = List.of("CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH");

    private final Settings settings;
    private final Fidelity fidelity;
    private final JobSender sender;
    private final IncludeAnalysis analysis;

    PumpDialect(Settings settings, Fidelity fidelity, JobSender sender, IncludeAnalysis analysis) {
        this.settings = settings;
        this.fidelity = fidelity;
        this.sender = sender;
        this.analysis = analysis;
    }

    @Override
    public String whyNot(CompileTask task) {
        if (!task.command().isDistributable()) {
            return task.command().verdict().toString();
        }
        return fidelity.strict() && task.command().emitsDebugInfo() ? DEBUG_INFO_DIFFERS : null;
    }

    /** Hosts marked {@code ,cpp} (which the host list allows only with {@code ,lzo}). */
    @Override
    public boolean speaks(HostSpec host) {
        return switch (host) {
            case HostSpec.Tcp t -> t.pump();
            case HostSpec.Ssh s -> s.pump();
            case HostSpec.Local l -> false;
        };
    }

    @Override
    public IncludeAnalysis.Request analysisRequest(CompileTask task) {
        return whyNotHere(task, false) == null ? request(task) : null;
    }

    @Override
    public Attempt attempt(CompileTask task, HostSpec host) {
        String why = whyNotHere(task, true);
        if (why != null) {
            return new Attempt.Declined(why);
        }
        List<PumpEntry> entries;
        try {
            entries = inputs(task);
        } catch (IOException | PumpInputs.Changed e) {
            return new Attempt.Declined("cannot list the headers: " + e.getMessage());
        }
        if (entries == null) {
            return new Attempt.Declined("the include analysis gave up");
        }
        try {
            return send(task, host, entries);
        } catch (RemoteFailure failure) {
            return new Attempt.HostFailed(failure);
        }
    }

    /**
     * Why this compile is preprocessed here although its host speaks pump mode, with distcc 3.4's
     * warnings (src/compile.c, {@code dcc_perhaps_adjust_cpp_where_and_protover}; src/include_server_if.c).
     *
     * @param warn whether to print 3.4's warning: only when the compile is attempted, as 3.4 does
     */
    private String whyNotHere(CompileTask task, boolean warn) {
        var log = task.job().log();
        CompilerCommand command = task.command();
        if (settings.includeServerPort() == null) {
            if (warn) {
                log.warning("INCLUDE_SERVER_PORT not set - did you forget to run under 'pump'?");
            }
            return "not under pump";
        }
        if (!command.needsPreprocessing()) {
            if (warn) {
                log.warning("cannot use distcc_pump on already preprocessed file (such as emitted by ccache)");
            }
            return "already preprocessed";
        }
        for (String variable : SEARCH_PATH_VARIABLES) {
            if (settings.environment().get(variable) != null) {
                if (warn) {
                    log.warning("cannot use distcc_pump with any of environment variables CPATH, C_INCLUDE_PATH"
                            + " or CPLUS_INCLUDE_PATH set, preprocessing locally");
                }
                return variable + " is set";
            }
        }
        for (String variable : List.of("DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES")) {
            if (settings.environment().get(variable) != null) {
                return variable + " asks the preprocessor for a dependency file";
            }
        }
        for (String word : command.arguments()) {
            if (word.startsWith("-Wp,")) {
                // 3.4 rewrites these into driver options (dcc_expand_preprocessor_options), which
                // changes the dependency file's target; preprocessing here keeps them exact.
                return word + " is for the preprocessor here";
            }
        }
        Path dependencies = dependencyFile(task);
        if (dependencies != null && !writable(dependencies)) {
            return "no directory for " + dependencies + ", or it is not a regular file";
        }
        return null;
    }

    /** The protocol-3 entries of the analysis, or null when it cannot be sure. */
    private List<PumpEntry> inputs(CompileTask task) throws IOException, PumpInputs.Changed {
        JobContext job = task.job();
        return switch (task.analyse(analysis, request(task))) {
            case Result.CannotBeSure no -> {
                job.log()
                        .info("include analysis of " + task.sourceName() + " gave up: " + no.reason()
                                + "; preprocessing locally");
                yield null;
            }
            case Result.Inputs in -> PumpInputs.entries(PumpInputs.of(in), analysis);
        };
    }

    /** 3.4's include server analyses the compile in the client's physical directory (getcwd()). */
    private IncludeAnalysis.Request request(CompileTask task) {
        return new IncludeAnalysis.Request(
                task.command(),
                Path.of(task.localCommand().getFirst()),
                task.job().cwd().toAbsolutePath(),
                settings.environment());
    }

    private Attempt send(CompileTask task, HostSpec host, List<PumpEntry> entries) throws RemoteFailure {
        JobContext job = task.job();
        TempFiles temps = job.temps();
        var progress = task.progress();
        Path objectTemp = null;
        Path dependencyTemp = null;
        try {
            progress.phase(Phase.CONNECT);
            // 3.4 sends getcwd(): the physical directory (src/clirpc.c, dcc_x_cwd).
            String cwd = job.cwd().toAbsolutePath().toString();
            try (JobSender.Job remote =
                    sender.start(host, ProtocolVersion.PUMP, cwd, remoteArguments(task.command()))) {
                progress.phase(Phase.SEND);
                remote.sendPumpEntries(entries);
                objectTemp = temps.register(tempBeside(task.target()));
                progress.phase(Phase.COMPILE);
                remote.awaitReply();
                progress.phase(Phase.RECEIVE);
                Reply reply = remote.receive(objectTemp, task.target().getParent());
                progress.remoteReplied(remote.bytesSent(), remote.bytesReceived());
                byte[] stderr = ((Payload.Bytes) reply.stderr()).content();
                byte[] stdout = ((Payload.Bytes) reply.stdout()).content();
                if (!reply.succeeded()) {
                    return FailedRemotely.decide(
                            task, host, settings, fidelity.strict(), reply.exitStatus(), stderr, stdout);
                }
                if (fidelity.strict() && stderr.length > 0) {
                    return new Attempt.Here(Why.byChoice(DIAGNOSTICS_DIFFER), true);
                }
                Path dependencies = dependencyFile(task);
                if (dependencies != null) {
                    dependencyTemp = temps.register(tempBeside(dependencies));
                    Files.write(dependencyTemp, reply.deps() == null ? new byte[0] : bytes(reply.deps()));
                    job.applyUmask(dependencyTemp);
                    OutputFiles.move(temps, dependencyTemp, dependencies);
                    dependencyTemp = null;
                }
                job.applyUmask(objectTemp);
                OutputFiles.move(temps, objectTemp, task.target());
                objectTemp = null;
                Diagnostics.stderr(job, stderr);
                Diagnostics.stdout(job, stdout);
                job.log().debug("compiled " + task.sourceName() + " on " + host + " in pump mode");
                return new Attempt.Done(0);
            }
        } catch (IOException e) {
            throw new RemoteFailure(RemoteFailure.Kind.IO_ERROR, e.getMessage(), e);
        } finally {
            temps.delete(objectTemp);
            temps.delete(dependencyTemp);
        }
    }

    /**
     * The command as 3.4's client sends it in pump mode: whole (not stripped of preprocessor options),
     * {@code -o} added when missing (src/arg.c, {@code dcc_scan_args}), and {@code -MT <output>} when a
     * dependency option is there without a target (src/compile.c: the server would otherwise name its
     * own object in the {@code .d} file).
     */
    static List<String> remoteArguments(CompilerCommand command) {
        List<String> argv = new ArrayList<>(command.arguments());
        String output = command.output().orElseThrow();
        boolean hasOutput = false;
        boolean needsDependencies = false;
        boolean setsTarget = false;
        for (int i = 1; i < argv.size(); i++) {
            String word = argv.get(i);
            if (word.equals("-MT") || word.equals("-MQ")) {
                setsTarget = true;
                i++;
            } else if (word.startsWith("-M")) {
                // dcc_get_dotd_info: every other -M option asks for a .d file.
                needsDependencies = true;
                if (word.equals("-MF")) {
                    i++;
                }
            } else if (word.equals("-o")) {
                hasOutput = true;
                i++;
            } else if (word.startsWith("-o")) {
                hasOutput = true;
            }
        }
        if (!hasOutput) {
            argv.add("-o");
            argv.add(output);
        }
        if (needsDependencies && !setsTarget) {
            argv.add("-MT");
            argv.add(output);
        }
        return argv;
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

    private static byte[] bytes(Payload payload) throws IOException {
        return switch (payload) {
            case Payload.Bytes b -> b.content();
            case Payload.InFile f -> Files.readAllBytes(f.path());
        };
    }

    private static Path tempBeside(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".distcc-tmp");
    }
}
