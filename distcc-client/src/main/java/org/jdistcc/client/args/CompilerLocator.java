package org.jdistcc.client.args;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the real compiler for a name on {@code PATH}, skipping every entry that is really us (a
 * masquerade link to our launcher), so that {@code PATH=$PREFIX/lib/distcc:$PATH gcc} finds
 * {@code /usr/bin/gcc} without our exporting a changed {@code PATH} to the compiler.
 */
public final class CompilerLocator {
    private final String path;
    private final Path cwd;
    private final Path self;

    CompilerLocator(String path, Path cwd, Path self) {
        this.path = path;
        this.cwd = cwd;
        this.self = self;
    }

    /**
     * A locator for one job.
     *
     * @param path the job's {@code PATH}
     * @param cwd the job's working directory: relative PATH entries are relative to it
     * @param argv0 the name the launcher was invoked as; its real path is "us"
     */
    public static CompilerLocator of(String path, Path cwd, String argv0) {
        return new CompilerLocator(path, cwd, realLauncher(argv0));
    }

    private static Path realLauncher(String argv0) {
        String launcher = System.getProperty("jdistcc.launcher");
        Path candidate = launcher != null ? Path.of(launcher) : Path.of(argv0);
        return realPath(candidate).orElse(null);
    }

    public Optional<Path> locate(String name) {
        if (name.contains("/")) {
            return Optional.of(Path.of(name));
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            // A relative PATH entry is relative to the compile's directory (the agent's is not).
            Path absolute = cwd.resolve(candidate);
            if (!Files.isRegularFile(absolute) || !Files.isExecutable(absolute)) {
                continue;
            }
            Optional<Path> real = realPath(absolute);
            if (real.isPresent() && real.get().equals(self)) {
                continue;
            }
            return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
