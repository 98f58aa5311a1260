package org.jdistcc.client;

import java.util.List;
import org.jdistcc.client.local.LocalCompile;
import org.jdistcc.common.ExitCode;

/**
 * The {@code distcc} client entry point. The launcher passes the name it was invoked as in the
 * system property {@code jdistcc.argv0}, so masquerade links ({@code lib/distcc/gcc}) work.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(System.getProperty("jdistcc.argv0", "distcc"), List.of(args)));
    }

    static int run(String argv0, List<String> args) {
        var invocation = Invocation.parse(argv0, args, System.getenv());
        return switch (invocation) {
            case Invocation.ShowVersion v -> {
                System.out.print(Version.text());
                yield 0;
            }
            case Invocation.ShowHelp h -> {
                System.out.print(Version.usage());
                yield 0;
            }
            case Invocation.Failure f -> {
                System.err.println("distcc[" + ProcessHandle.current().pid() + "] ERROR: " + f.message());
                yield f.code().code();
            }
            case Invocation.Compile c -> LocalCompile.run(c.command());
        };
    }

    static int fail(ExitCode code, String message) {
        System.err.println("distcc[" + ProcessHandle.current().pid() + "] ERROR: " + message);
        return code.code();
    }
}
