package org.jdistcc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.client.args.CompilerLocator;
import org.jdistcc.client.args.Invocation;
import org.jdistcc.client.compile.Compilation;
import org.jdistcc.client.compile.Resident;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.monitor.JobProgress;
import org.jdistcc.common.ExitCode;

/**
 * One run of {@code distcc}, whoever hosts it (the cold JVM's {@link Main}, or the client agent):
 * reads the settings, chooses where the client's messages go, and does what the command line asks.
 */
public final class ClientCommand {
    private ClientCommand() {}

    /**
     * Runs the command line and returns the exit status.
     *
     * @param job the run's surroundings
     * @param argv0 the name distcc was invoked as (a masquerade link's is the compiler's)
     * @param host says who runs the job, for the verbose log (null: nothing to say)
     * @param resident what the client keeps between compiles (include analysis, what volunteers hold):
     *     one per JVM, shared by its compiles
     * @return the exit status
     */
    public static int run(JobContext job, String argv0, List<String> args, String host, Resident resident) {
        Settings settings = Settings.from(job.env());
        job.temps().keepForDebugging(settings.saveTemps());
        try (Log log = Log.open(job, settings.logFile(), settings.verbosity(), settings.uncachedErrFd())) {
            job.useLog(log);
            if (host != null) {
                log.debug("handled by " + host);
            }
            var locator = CompilerLocator.of(settings.path(), job.cwd(), argv0);
            return switch (Invocation.parse(argv0, args, settings, locator)) {
                case Invocation.ShowVersion v -> print(job, Version.text());
                case Invocation.ShowHelp h -> print(job, Version.usage());
                case Invocation.ShowStats s -> StatsCommand.show(job, settings.paths());
                case Invocation.ZeroStats z -> StatsCommand.zero(job, settings.paths());
                case Invocation.ShowHosts h -> HostsCommand.show(job, settings, h);
                case Invocation.Concurrency j -> HostsCommand.concurrency(job, settings);
                case Invocation.ShowPrincipal p -> print(job, principal(settings));
                case Invocation.ShowKey k -> KeyCommand.show(job, settings.paths());
                case Invocation.Failure f -> fail(job, f.code(), f.message());
                case Invocation.Usage u -> usage(job, u.text());
                case Invocation.Compile c -> compile(job, settings, c, resident);
                case Invocation.ScanIncludes s -> ScanIncludesCommand.run(job, settings, s, resident.analysis());
            };
        }
    }

    private static int compile(JobContext job, Settings settings, Invocation.Compile compile, Resident resident) {
        if (!settings.problems().isEmpty()) {
            return fail(job, ExitCode.BAD_ARGUMENTS, settings.problems().getFirst());
        }
        var paths = settings.paths();
        var progress = JobProgress.start(paths.stateDir(), paths.statsFile(), settings.binstate(), job.pid());
        for (Path file : progress.files()) {
            job.temps().register(file);
        }
        int status = new Compilation(job, settings, progress, resident).run(compile);
        progress.finish(status);
        return status;
    }

    static int print(JobContext job, String text) {
        try {
            job.writeStdout(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // stdout closed: nothing to tell
        }
        return 0;
    }

    /** distcc 3.4's words (it has GSS-API; jdistcc authenticates volunteers otherwise). */
    private static String principal(Settings settings) {
        String p = settings.principal();
        return p == null ? "Principal\t: Not Set.\n" : "Principal is\t: " + p + "\n";
    }

    private static int usage(JobContext job, String text) {
        try {
            job.writeStderr(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // stderr closed: nothing to tell
        }
        return ExitCode.BAD_ARGUMENTS.code();
    }

    static int fail(JobContext job, ExitCode code, String message) {
        job.log().error(message);
        return code.code();
    }
}
