package org.jdistcc.client.local;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdistcc.client.JobContext;

/**
 * Runs the local preprocessor in the background, so the request head can go to the volunteer
 * meanwhile. Its stderr is kept, to be shown only if the compile's result is kept.
 */
public final class Preprocessor {
    private final Process process;
    private final CompletableFuture<byte[]> stderr;

    private Preprocessor(Process process) {
        this.process = process;
        this.stderr = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return process.getErrorStream().readAllBytes();
                    } catch (IOException e) {
                        return new byte[0];
                    }
                },
                r -> Thread.ofVirtual().start(r));
    }

    public static Preprocessor start(List<String> command) throws IOException {
        var builder = JobContext.current()
                .configure(new ProcessBuilder(command))
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("_DISTCC_SAFEGUARD", "1");
        return new Preprocessor(builder.start());
    }

    public Process process() {
        return process;
    }

    /** The exit status, 128 + signal for a killed preprocessor. */
    public int await() {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // keep waiting; a signal to us ends the JVM through its shutdown hooks
            }
        }
    }

    public byte[] stderr() {
        return stderr.join();
    }

    public void kill() {
        process.destroyForcibly();
    }
}
