package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.local.Preprocessor;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;
import org.jdistcc.client.sources.IncludedFiles;
import org.jdistcc.client.sources.SourcePackage;
import org.jdistcc.client.sources.WorkingDirectory;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;

/**
 * One compile in jdistcc's source mode: the preprocessor runs here only to write the dependency file
 * and to list the inputs; the volunteer gets those files and the original command, and its results
 * (object, {@code .dwo}, {@code .su}, stderr, status) are what a local compile gives. Mirrors the
 * daemon's {@code serving/SourceModeCompile}.
 */
final class SourceModeCompile {
    static final ProtocolVersion VERSION = ProtocolVersion.jdistcc(
            ProtocolVersion.FEATURE_LZ4 | ProtocolVersion.FEATURE_SIDE_FILES | ProtocolVersion.FEATURE_SOURCES);

    /** The environment that changes what gcc prints; the volunteer applies these and nothing else. */
    static final List<String> ENVIRONMENT = org.jdistcc.protocol.SourceEnvironment.NAMES;

    /** gcc environment variables that change the search path or the outputs: source mode does not carry them. */
    private static final Set<String> UNCARRIED = Set.of(
            "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "GCC_EXEC_PREFIX", "COMPILER_PATH");

    private static final long MAX_INPUT_BYTES = 512L * 1024 * 1024;

    /** What became of the compile. */
    sealed interface Outcome {
        /** Finished remotely with this exit status; outputs are in place, diagnostics printed. */
        record Done(int status) implements Outcome {}

        /** The volunteer answered, but its result is not kept: compile here, for this reason. */
        record RunLocally(String why) implements Outcome {}
    }

    private final Settings settings;
    private final Map<String, String> env;
    private final Fidelity fidelity;
    private final SlotPicker slots;
    private final int localSlotsCpp;
    private final JobSender sender;

    SourceModeCompile(
            Settings settings,
            Map<String, String> env,
            Fidelity fidelity,
            SlotPicker slots,
            int localSlotsCpp,
            JobSender sender) {
        this.settings = settings;
        this.env = env;
        this.fidelity = fidelity;
        this.slots = slots;
        this.localSlotsCpp = localSlotsCpp;
        this.sender = sender;
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

    /** Why this environment keeps compiles out of source mode, or null. */
    static String environmentProblem(Map<String, String> env) {
        for (String name : UNCARRIED) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return name + " is set";
            }
        }
        return null;
    }

    /**
     * @param localCommand the command as run here, compiler resolved to a path
     * @throws SourcePackage.Unpackable before anything was sent, if source mode cannot reproduce it
     */
    Outcome compile(CompilerCommand command, List<String> localCommand, HostSpec host)
            throws RemoteFailure, SourcePackage.Unpackable {
        String problem = environmentProblem(env);
        if (problem != null) {
            throw new SourcePackage.Unpackable(problem);
        }
        String cwd = WorkingDirectory.of(env);
        if (cwd.equals("/") || !Path.of(cwd).normalize().toString().equals(cwd)) {
            throw new SourcePackage.Unpackable("working directory " + cwd + " is / or not normal");
        }
        Path target = JobContext.current().resolve(command.output().orElseThrow());
        if (!Files.isDirectory(target.getParent())) {
            throw new SourcePackage.Unpackable(
                    "no directory for " + target + " (gcc's own error comes from a local run)");
        }
        Path tempDir = null;
        try {
            List<String> opened;
            if (command.needsPreprocessing()) {
                opened = preprocess(command, localCommand);
                if (opened == null) {
                    return new Outcome.RunLocally("the preprocessor failed; compiling here for its diagnostics");
                }
            } else {
                opened = List.of(command.source().orElseThrow());
            }
            SourcePackage inputs = SourcePackage.build(cwd, opened, command.includeDirectories(), MAX_INPUT_BYTES);
            List<String> argv = new ArrayList<>(command.sourceModeCommand());
            // gcc's driver starts its messages with its own name: the volunteer runs it under ours.
            argv.set(0, Path.of(localCommand.getFirst()).getFileName().toString());
            try (JobSender.Job job = sender.start(host, VERSION, cwd, argv)) {
                job.sendSources(environment(), inputs.entries());
                tempDir = TempFiles.register(
                        Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "."));
                Path objectTemp = tempDir.resolve("object");
                Reply reply = job.receive(objectTemp, tempDir);
                return accept(command, reply, objectTemp, target);
            }
        } catch (IOException e) {
            throw new RemoteFailure(RemoteFailure.Kind.IO_ERROR, e.getMessage(), e);
        } finally {
            TempFiles.delete(tempDir);
        }
    }

    /** Runs the preprocessor for the dependency file and the list of inputs; null if it failed. */
    private List<String> preprocess(CompilerCommand command, List<String> localCommand) throws IOException {
        Path preprocessed = TempFiles.register(Files.createTempFile(
                settings.tmpDir(), "distcc_", command.preprocessedExtension().orElse(".i")));
        try (Slot slot = slots.acquire(List.of(new HostSpec.Local(localSlotsCpp)), Set.of())) {
            List<String> cpp = new ArrayList<>(command.preprocessCommand(preprocessed));
            cpp.set(0, localCommand.getFirst());
            Preprocessor preprocessor = Preprocessor.start(cpp);
            TempFiles.register(preprocessor.process());
            int status = preprocessor.await();
            TempFiles.forget(preprocessor.process());
            // Its diagnostics are dropped: the volunteer's compile prints them again, in context.
            preprocessor.stderr();
            if (status != 0) {
                return null;
            }
            return IncludedFiles.read(preprocessed);
        } finally {
            TempFiles.delete(preprocessed);
        }
    }

    private Outcome accept(CompilerCommand command, Reply reply, Path objectTemp, Path target) throws IOException {
        byte[] stderr = ((Payload.Bytes) reply.stderr()).content();
        byte[] stdout = ((Payload.Bytes) reply.stdout()).content();
        if (stderr.length > 0 && fidelity.stderrIsTerminal()) {
            return new Outcome.RunLocally("diagnostics for a terminal depend on it; compiling here to print them");
        }
        if (!reply.succeeded()) {
            // distcc 3.4 retries a failed compile here (the volunteer may be the problem). Keeping the
            // failure is only exact when no side file is involved: gcc leaves a truncated .su behind.
            if (!settings.skipLocalRetry() || !command.isDistributable()) {
                return new Outcome.RunLocally(
                        "remote compile failed with status " + reply.exitStatus() + "; retrying here");
            }
            Diagnostics.writeLines(stderr);
            Diagnostics.writeStdout(stdout);
            return new Outcome.Done(reply.exitStatus());
        }
        OutputFiles.commit(objectTemp, target, reply.sideFiles());
        Diagnostics.writeLines(stderr);
        Diagnostics.writeStdout(stdout);
        return new Outcome.Done(0);
    }

    private List<String> environment() {
        List<String> entries = new ArrayList<>();
        for (String name : ENVIRONMENT) {
            String value = env.get(name);
            if (value != null) {
                entries.add(name + "=" + value);
            }
        }
        return entries;
    }
}
