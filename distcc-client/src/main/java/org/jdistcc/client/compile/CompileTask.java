package org.jdistcc.client.compile;

import java.nio.file.Path;
import java.util.List;
import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.includes.Result;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.monitor.JobProgress;
import org.jdistcc.common.args.CompilerCommand;

/**
 * One distributable compile, as every attempt at it sees it.
 *
 * @param command the command as the volunteer sees it (compiler under its volunteer name)
 * @param localCommand the command as run here, compiler resolved to a path
 * @param target the object file, resolved against the job's directory
 * @param remoteOptions added to the command a volunteer runs, never to a compile here
 * @param compilers which compiler each volunteer is asked for, with which identity
 * @param preprocessed the source preprocessed here already, or null (see {@link Preprocessed})
 * @param analysed the include analysis made already, or null (see {@link Preparation})
 */
record CompileTask(
        JobContext job,
        CompilerCommand command,
        List<String> localCommand,
        Path target,
        JobProgress progress,
        List<String> remoteOptions,
        VolunteerCompilers compilers,
        Preprocessed preprocessed,
        Analysed analysed) {

    CompileTask(
            JobContext job,
            CompilerCommand command,
            List<String> localCommand,
            Path target,
            JobProgress progress,
            List<String> remoteOptions,
            VolunteerCompilers compilers) {
        this(job, command, localCommand, target, progress, remoteOptions, compilers, null, null);
    }

    CompileTask with(Preprocessed text) {
        return new CompileTask(job, command, localCommand, target, progress, remoteOptions, compilers, text, analysed);
    }

    CompileTask with(Analysed analysis) {
        return new CompileTask(
                job, command, localCommand, target, progress, remoteOptions, compilers, preprocessed, analysis);
    }

    /** What {@code request} finds: the analysis made before placement if it was this one, else a new one. */
    Result analyse(IncludeAnalysis analysis, IncludeAnalysis.Request request) {
        return analysed != null && analysed.request().equals(request) ? analysed.result() : analysis.analyse(request);
    }

    /** {@code argv} as a volunteer is to run it: with the options meant for volunteers only. */
    List<String> onVolunteer(List<String> argv) {
        if (remoteOptions.isEmpty()) {
            return argv;
        }
        List<String> all = new java.util.ArrayList<>(argv);
        all.addAll(remoteOptions);
        return List.copyOf(all);
    }

    /** The source as named on the command line, for messages. */
    String sourceName() {
        return command.source().orElse("(unknown)");
    }

    /** The preprocessor command with the compiler we found here, not the name sent to the volunteer. */
    List<String> localPreprocessCommand(Path output) {
        List<String> cpp = new java.util.ArrayList<>(command.preprocessCommand(output));
        cpp.set(0, localCommand.getFirst());
        return cpp;
    }
}
