package org.jdistcc.client.compile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdistcc.client.job.BlockingThreads;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.common.process.SpawnedProcess;

/**
 * Runs the local preprocessor in the background, so the request head can go to the volunteer
 * meanwhile. Its stderr is kept, to be shown only if the compile's result is kept. The process is
 * the job's until it is reaped: an abandoned job kills it.
 */
final class Preprocessor {
    /** Set in the compiler's environment; distcc seeing it at start-up means it invoked itself. */
    private static final String SAFEGUARD = "_DISTCC_SAFEGUARD";

    private final JobContext job;
    private final Process process;
    private final CompletableFuture<byte[]> stderr;

    private Preprocessor(JobContext job, Process process) {
        this.job = job;
        this.process = process;
        this.stderr = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return process.getErrorStream().readAllBytes();
                    } catch (IOException e) {
                        return new byte[0];
                    }
                },
                BlockingThreads.executor());
    }

    static Preprocessor start(JobContext job, List<String> command) throws IOException {
        var preprocessor = new Preprocessor(job, spawn(job, command, false));
        job.temps().register(preprocessor.process);
        return preprocessor;
    }

    /**
     * As {@link #start}, with the text on the process's stdout ({@link #text()}): read as it is
     * written, into chunks or into memory; {@code command} names {@code -} as its output.
     */
    static Preprocessor startToPipe(JobContext job, List<String> command) throws IOException {
        var preprocessor = new Preprocessor(job, spawn(job, command, true));
        job.temps().register(preprocessor.process);
        return preprocessor;
    }

    /**
     * By {@code posix_spawn} where it can ({@link SpawnedProcess}: no {@code jspawnhelper}, about a
     * millisecond of CPU less per compile), else by {@link ProcessBuilder}; stdin inherited either way.
     */
    private static Process spawn(JobContext job, List<String> command, boolean pipeStdout) throws IOException {
        var builder = job.configure(new ProcessBuilder(command))
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(pipeStdout ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(SAFEGUARD, "1");
        if (SpawnedProcess.available() && Path.of(command.getFirst()).isAbsolute()) {
            Path directory = builder.directory() != null
                    ? builder.directory().toPath()
                    : Path.of("").toAbsolutePath();
            return SpawnedProcess.start(
                    command, builder.environment(), directory, pipeStdout, BlockingThreads.executor());
        }
        return builder.start();
    }

    /** The text, from a preprocessor started by {@link #startToPipe}. */
    InputStream text() {
        return process.getInputStream();
    }

    Process process() {
        return process;
    }

    /** The exit status, 128 + signal for a killed preprocessor. */
    int await() {
        while (true) {
            try {
                int status = process.waitFor();
                job.temps().forget(process);
                return status;
            } catch (InterruptedException e) {
                // keep waiting; a signal to us ends the JVM through its shutdown hooks
            }
        }
    }

    byte[] stderr() {
        return stderr.join();
    }

    void kill() {
        process.destroyForcibly();
        job.temps().forget(process);
    }
}
