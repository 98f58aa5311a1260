package org.jdistcc.daemon.compilers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.jdistcc.common.ExitCode;

/**
 * Which compiler names a client may ask for: a bare name that is executable in the whitelist
 * directory (Debian's {@code /usr/lib/distcc} masquerade links) or given with {@code
 * --allow-compiler}. A leading {@code /usr/bin/} or {@code /bin/} is dropped, compared without
 * case, as distcc 3.4 does ({@code src/serve.c: dcc_remove_disallowed_path_prefix}); any other
 * {@code /} is refused.
 *
 * @param trustAnyName {@code --enable-tcp-insecure}: any bare name found on the compiler path
 */
public record CompilerWhitelist(Path directory, Set<String> extraNames, boolean trustAnyName) {
    public CompilerWhitelist {
        extraNames = Set.copyOf(extraNames);
    }

    /** The bare name to look up, or a refusal with {@link ExitCode#ACCESS_DENIED}. */
    public String check(String requested) throws Refusal {
        String name = requested;
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("/usr/bin/")) {
            name = name.substring("/usr/bin/".length());
        } else if (lower.startsWith("/bin/")) {
            name = name.substring("/bin/".length());
        }
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.startsWith("-")) {
            throw notAllowed(requested);
        }
        if (trustAnyName || extraNames.contains(name)) {
            return name;
        }
        Path link = directory.resolve(name);
        if (Files.isExecutable(link) && !Files.isDirectory(link)) {
            return name;
        }
        throw notAllowed(requested);
    }

    /**
     * The names a client may ask for, as far as they can be listed: every executable in the
     * directory and every {@code --allow-compiler} name, sorted; with {@link #trustAnyName()}, any name
     * on the compiler path may run besides these.
     */
    public java.util.SortedSet<String> names() {
        var names = new java.util.TreeSet<>(extraNames);
        try (var entries = Files.list(directory)) {
            entries.filter(p -> Files.isExecutable(p) && !Files.isDirectory(p))
                    .forEach(p -> names.add(p.getFileName().toString()));
        } catch (java.io.IOException e) {
            // no directory: only the extra names
        }
        return names;
    }

    /** Whether any compiler at all could pass: distcc 3.4 refuses to start otherwise. */
    public boolean allowsSomething() {
        if (trustAnyName || !extraNames.isEmpty()) {
            return true;
        }
        try (var entries = Files.list(directory)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private Refusal notAllowed(String requested) {
        return new Refusal(
                ExitCode.ACCESS_DENIED,
                "compiler '" + requested + "' is not allowed (not a bare name in " + directory
                        + " nor given with --allow-compiler)");
    }
}
