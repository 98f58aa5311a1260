package org.jdistcc.client.args;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.client.config.Settings;
import org.jdistcc.common.ExitCode;

/**
 * What the user asked of {@code distcc}, from the three invocation forms of distcc 3.4: {@code
 * distcc gcc -c x.c}, {@code distcc -c x.c} (implicit {@code cc}) and masquerade, where the name we
 * were invoked as is the compiler's.
 */
public sealed interface Invocation {
    public record ShowVersion() implements Invocation {}

    public record ShowHelp() implements Invocation {}

    /** {@code --show-stats}, or {@code -s} alone (ccache's spelling). */
    public record ShowStats() implements Invocation {}

    /** {@code --zero-stats}, or {@code -z} alone. */
    public record ZeroStats() implements Invocation {}

    /**
     * {@code --show-hosts}: the host list, one host per line as written; with {@code -v} (jdistcc's),
     * also what each host is and whether its compilers of the names that follow are this machine's.
     */
    public record ShowHosts(boolean verbose, List<String> compilers) implements Invocation {
        public ShowHosts {
            compilers = List.copyOf(compilers);
        }
    }

    /** {@code -j}: how many jobs the host list allows at once ({@code make -j$(distcc -j)}). */
    public record Concurrency() implements Invocation {}

    /** {@code --show-principal}: the GSS-API principal distcc 3.4 would authenticate volunteers with. */
    public record ShowPrincipal() implements Invocation {}

    /**
     * {@code --show-key} (jdistcc's): this client's public key line, for volunteers' {@code
     * --authorized-keys}; the key pair is made in {@code DISTCC_DIR} on first use.
     */
    public record ShowKey() implements Invocation {}

    /** A failure of distcc's own, told through the log. */
    public record Failure(ExitCode code, String message) implements Invocation {}

    /** A command line distcc cannot read: the text goes to stderr as it is, like distcc 3.4's. */
    public record Usage(String text) implements Invocation {}

    /**
     * A compile (or link, or anything else) to run with the real compiler as {@code command[0]}.
     *
     * @param compilerName the compiler as the user named it ({@code gcc}, {@code cc})
     * @param found whether the compiler was found on {@code PATH}; if not, {@code command[0]} is the
     *     name as given: a preprocessed source may still go to a volunteer, as with distcc 3.4, which
     *     never looks the compiler up before it runs it
     */
    public record Compile(List<String> command, String compilerName, boolean masqueraded, boolean found)
            implements Invocation {}

    /**
     * {@code distcc --scan-includes COMPILER ARGS}: what the compile would ship in pump mode, printed
     * instead of compiling (distcc 3.4, src/include_server_if.c {@code dcc_approximate_includes}).
     */
    public record ScanIncludes(List<String> command, String compilerName) implements Invocation {}

    /**
     * What a command line asks for.
     *
     * @param locator finds the compiler on the job's {@code PATH}
     */
    public static Invocation parse(String argv0, List<String> args, Settings settings, CompilerLocator locator) {
        if (settings.safeguard()) {
            return new Failure(ExitCode.RECURSION, "distcc seems to have invoked itself recursively!");
        }
        String invokedAs = Path.of(argv0).getFileName().toString();
        // distcc 3.4 (main): any name containing "distcc" is distcc itself; anything else a masquerade.
        boolean masquerade = !invokedAs.contains("distcc");
        List<String> command = new ArrayList<>();
        if (masquerade) {
            command.add(invokedAs);
            command.addAll(args);
        } else {
            if (args.isEmpty()) {
                return new Usage(
                        argv0 + ": missing option/operand\nTry `" + argv0 + " --help' for more information.\n");
            }
            String first = args.getFirst();
            switch (first) {
                case "--show-hosts" -> {
                    // distcc 3.4 ignores what follows; "-v" and compiler names are jdistcc's.
                    boolean verbose = args.size() > 1
                            && (args.get(1).equals("-v") || args.get(1).equals("--verbose"));
                    return new ShowHosts(verbose, verbose ? args.subList(2, args.size()) : List.of());
                }
                case "-j" -> {
                    return new Concurrency();
                }
                case "--show-principal" -> {
                    return new ShowPrincipal();
                }
                case "--show-key" -> {
                    return new ShowKey();
                }
                case "--version" -> {
                    return new ShowVersion();
                }
                case "--help" -> {
                    return new ShowHelp();
                }
                case "--show-stats" -> {
                    return new ShowStats();
                }
                case "--zero-stats" -> {
                    return new ZeroStats();
                }
                case "--scan-includes" -> {
                    if (args.size() == 1) {
                        return new Usage(argv0 + ": --scan-includes needs a compile command\n");
                    }
                    return switch (parse(argv0, args.subList(1, args.size()), settings, locator)) {
                        case Compile c -> new ScanIncludes(c.command(), c.compilerName());
                        case ScanIncludes twice -> twice;
                        case Failure f -> f;
                        default -> new Usage(argv0 + ": --scan-includes needs a compile command\n");
                    };
                }
                // gcc has -s (strip) and -z KEYWORD too, so the short forms count only alone:
                // "distcc -s foo.o -o foo" stays a link with the implied "cc".
                case "-s" -> {
                    if (args.size() == 1) {
                        return new ShowStats();
                    }
                }
                case "-z" -> {
                    if (args.size() == 1) {
                        return new ZeroStats();
                    }
                }
                default -> {}
            }
            // distcc 3.4 (dcc_find_compiler): an option or a source file first means "cc" is implied.
            if (first.startsWith("-") || SourceNames.looksLikeSource(first)) {
                command.add("cc");
            }
            command.addAll(args);
        }
        String compiler = command.getFirst();
        if (Path.of(compiler).getFileName().toString().equals("distcc") || compiler.equals("jdistcc")) {
            return new Failure(ExitCode.RECURSION, "distcc seems to have invoked itself recursively!");
        }
        var located = locator.locate(compiler);
        located.ifPresent(path -> command.set(0, path.toString()));
        return new Compile(List.copyOf(command), compiler, masquerade, located.isPresent());
    }
}
