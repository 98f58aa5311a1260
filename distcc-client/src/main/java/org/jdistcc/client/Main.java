package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostListException;
import org.jdistcc.client.hosts.HostListParser;
import org.jdistcc.client.hosts.HostSources;
import org.jdistcc.client.monitor.JobProgress;
import org.jdistcc.client.stats.Outcome;
import org.jdistcc.common.ExitCode;

/**
 * The {@code distcc} client entry point. The launcher passes the name it was invoked as in the
 * system property {@code jdistcc.argv0}, so masquerade links ({@code lib/distcc/gcc}) work.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(System.getProperty("jdistcc.argv0", "distcc"), List.of(args), System.getenv()));
    }

    static int run(String argv0, List<String> args, Map<String, String> env) {
        var invocation = Invocation.parse(argv0, args, env);
        return switch (invocation) {
            case Invocation.ShowVersion v -> {
                Diagnostics.writeStdout(Version.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                yield 0;
            }
            case Invocation.ShowHelp h -> {
                Diagnostics.writeStdout(Version.usage().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                yield 0;
            }
            case Invocation.ShowStats s -> StatsCommand.show(ClientPaths.from(env));
            case Invocation.ZeroStats z -> StatsCommand.zero(ClientPaths.from(env));
            case Invocation.Failure f -> fail(f.code(), f.message());
            case Invocation.Compile c -> compile(c, env);
        };
    }

    private static int compile(Invocation.Compile compile, Map<String, String> env) {
        Trace trace = Trace.from(env);
        Settings settings;
        try {
            settings = Settings.from(env);
        } catch (Settings.Invalid e) {
            return fail(e.code(), e.getMessage());
        }
        var paths = new ClientPaths(settings.distccDir(), settings.home());
        var progress = JobProgress.start(
                paths.stateDir(),
                paths.statsFile(),
                "1".equals(env.get("DISTCC_BINSTATE")),
                JobContext.current().pid());
        for (Path file : progress.files()) {
            TempFiles.register(file);
        }
        int status = distribute(compile, env, settings, trace, progress);
        progress.finish(status);
        return status;
    }

    private static int distribute(
            Invocation.Compile compile, Map<String, String> env, Settings settings, Trace trace, JobProgress progress) {
        HostList hosts;
        try {
            var source = HostSources.find(env, settings.distccDir(), settings.home(), Path.of("/etc/distcc"));
            hosts = new HostListParser(Runtime.getRuntime().availableProcessors()).parse(source.text(), source.name());
        } catch (HostListException | IOException e) {
            trace.warn(e.getMessage() + "; compiling locally");
            if (!settings.fallback()) {
                progress.outcome(Outcome.FAILED);
                return fail(ExitCode.BAD_HOSTSPEC, "bad host list and fallbacks are disabled");
            }
            progress.compilingHere(-1);
            return JobContext.current().runLocally(compile.command());
        }
        if (hosts.isEmpty()) {
            trace.log("no hosts configured; compiling locally");
            progress.compilingHere(-1);
            return JobContext.current().runLocally(compile.command());
        }
        String remoteName = CompilerNames.forVolunteer(
                compile.compilerName(), compile.command().getFirst(), env);
        return new DistributedCompile(settings, hosts, trace, env, progress).run(compile.command(), remoteName);
    }

    static int fail(ExitCode code, String message) {
        Diagnostics.writeLines(("distcc[" + JobContext.current().pid() + "] ERROR: " + message + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return code.code();
    }
}
