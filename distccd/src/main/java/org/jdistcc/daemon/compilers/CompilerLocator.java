package org.jdistcc.daemon.compilers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdistcc.common.ExitCode;

/**
 * Finds the real compiler for an allowed name on {@code $DISTCCD_PATH} (else the daemon's {@code
 * PATH}). The whitelist directory and anything that resolves to a distcc binary are skipped: the
 * whitelist links point at distcc itself, and running one would recurse.
 */
public final class CompilerLocator {
    private static final Set<String> DISTCC_BINARIES = Set.of("distcc", "distccd", "jdistcc", "jdistccd");

    private final List<Path> searchPath;
    private final Path whitelistDirectory;

    public CompilerLocator(String searchPath, Path whitelistDirectory) {
        this.whitelistDirectory = realOrSelf(whitelistDirectory);
        this.searchPath = parse(searchPath, this.whitelistDirectory);
    }

    /** The directories searched, in order: what the compiler gets as its {@code PATH}. */
    public List<Path> searchPath() {
        return searchPath;
    }

    public Path locate(String name) throws Refusal {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(name);
            if (!Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
                continue;
            }
            Path real = realOrSelf(candidate);
            if (DISTCC_BINARIES.contains(real.getFileName().toString())
                    || real.equals(realOrSelf(whitelistDirectory.resolve(name)))) {
                continue;
            }
            return candidate;
        }
        throw new Refusal(
                ExitCode.COMPILER_MISSING,
                // distcc 3.4's words (exec.c), which its test suite looks for (MissingCompiler_Case).
                "failed to exec " + name + ": No such file or directory (not on the daemon's compiler path "
                        + searchPath + ")");
    }

    private static List<Path> parse(String searchPath, Path whitelistDirectory) {
        var dirs = new ArrayList<Path>();
        for (String entry : searchPath == null ? new String[0] : searchPath.split(":")) {
            // An empty or relative entry would search the job directory, which the client fills.
            if (entry.isEmpty() || !entry.startsWith("/")) {
                continue;
            }
            try {
                Path dir = Path.of(entry);
                if (!realOrSelf(dir).equals(whitelistDirectory) && !dirs.contains(dir)) {
                    dirs.add(dir);
                }
            } catch (InvalidPathException e) {
                // not a directory we can search
            }
        }
        return List.copyOf(dirs);
    }

    private static Path realOrSelf(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
