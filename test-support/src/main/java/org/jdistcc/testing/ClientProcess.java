package org.jdistcc.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Our {@code distcc} client as a process: a JVM on the test's classpath running its {@code Main}, as
 * {@code bin/distcc}'s cold path runs it (for the installed client, {@link Installation#distcc()}).
 */
public final class ClientProcess implements AutoCloseable {
    static final String MAIN_CLASS = "org.jdistcc.client.Main";

    private final Process process;
    private final Path output;

    private ClientProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** {@code java ... org.jdistcc.client.Main ARGS}, as run by the name {@code distcc}. */
    public static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "--sun-misc-unsafe-memory-access=allow",
                "-Djdistcc.argv0=distcc",
                "-cp",
                TestClasspath.current(),
                MAIN_CLASS));
        command.addAll(args);
        return command;
    }

    /** Starts the client in {@code workDir} with {@code env} added; stdout and stderr go to one file. */
    public static ClientProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        Path output = workDir.resolve("client-" + System.nanoTime() + ".log");
        var builder = new ProcessBuilder(command(List.of(args)))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        return new ClientProcess(builder.start(), output);
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** The exit status, or -1 if it did not end in time. */
    public int waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** What it printed so far, stdout and stderr together. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Kills it (and what it started) if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            ProcessTree.kill(process.toHandle());
        }
    }
}
