package org.jdistcc.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion in a directory, with stdin from /dev/null, capturing stdout and
 * stderr, and kills it (and its children) if it outlives the timeout. Immutable: {@code with...}
 * returns a changed copy.
 *
 * <p>Java looks a bare program name up on this JVM's own {@code PATH}, not on the {@code PATH}
 * given to the child: {@link #runThroughShell} lets {@code /bin/sh} do the lookup, as for a user.
 */
public final class CommandRunner {
    /** Generous: a loaded CI machine can take seconds to start a JVM. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final Path directory;
    private final Map<String, String> environment;
    private final Duration timeout;

    private CommandRunner(Path directory, Map<String, String> environment, Duration timeout) {
        this.directory = directory;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /** A runner in {@code directory} with this JVM's environment. */
    public static CommandRunner in(Path directory) {
        return new CommandRunner(directory, System.getenv(), DEFAULT_TIMEOUT);
    }

    public CommandRunner with(String name, String value) {
        var changed = new HashMap<>(environment);
        changed.put(name, value);
        return new CommandRunner(directory, changed, timeout);
    }

    /** With every variable of {@code variables} set. */
    public CommandRunner with(Map<String, String> variables) {
        var changed = new HashMap<>(environment);
        changed.putAll(variables);
        return new CommandRunner(directory, changed, timeout);
    }

    public CommandRunner without(String name) {
        var changed = new HashMap<>(environment);
        changed.remove(name);
        return new CommandRunner(directory, changed, timeout);
    }

    /** Drops every variable whose name starts with {@code prefix}. */
    public CommandRunner withoutAllStartingWith(String prefix) {
        var changed = new HashMap<>(environment);
        changed.keySet().removeIf(name -> name.startsWith(prefix));
        return new CommandRunner(directory, changed, timeout);
    }

    public CommandRunner withTimeout(Duration newTimeout) {
        return new CommandRunner(directory, environment, newTimeout);
    }

    public String environmentValue(String name) {
        return environment.get(name);
    }

    /** Runs {@code sh -c 'exec COMMAND'}, so the child's own {@code PATH} finds the program. */
    public Outcome runThroughShell(String... command) {
        var script = new StringBuilder("exec");
        for (String word : command) {
            script.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        return run("/bin/sh", "-c", script.toString());
    }

    /**
     * Starts {@code command} in the background, in this runner's directory and environment, stdin
     * from /dev/null and stdout and stderr to the given files: for a test that acts on the process
     * while it runs. The caller waits for it, with a bound, or ends it ({@link ProcessTree}).
     */
    public Process start(List<String> command, Path stdout, Path stderr) throws IOException {
        var builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    public Outcome run(String... command) {
        return run(List.of(command));
    }

    public Outcome run(List<String> command) {
        Path stdout = null;
        Path stderr = null;
        Process process = null;
        try {
            stdout = Files.createTempFile("jdistcc-it-", ".out");
            stderr = Files.createTempFile("jdistcc-it-", ".err");
            var builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n--- stderr so far ---\n" + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return new Outcome(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (process != null && process.isAlive()) {
                kill(process);
            }
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void kill(Process process) {
        ProcessTree.kill(process.toHandle());
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temp file is not worth failing a test over.
            }
        }
    }
}
