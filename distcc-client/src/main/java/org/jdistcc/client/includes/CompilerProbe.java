package org.jdistcc.client.includes;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code cc OPTIONS -E -dD -v /dev/null} once to learn a compiler's defaults ({@link
 * CompilerDefaults}). The environment's include-path variables are removed (the analysis adds them
 * itself, as distcc's include server clears them for the same run), as are the dependency-file
 * ones; messages are asked for in the C locale, since the search list's headings are translated.
 * Output, time and the process are bounded.
 */
final class CompilerProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_OUTPUT = 8 << 20;
    private static final List<String> REMOVED = List.of(
            "CPATH",
            "C_INCLUDE_PATH",
            "CPLUS_INCLUDE_PATH",
            "OBJC_INCLUDE_PATH",
            "OBJCPLUS_INCLUDE_PATH",
            "DEPENDENCIES_OUTPUT",
            "SUNPRO_DEPENDENCIES",
            "GCC_COMPARE_DEBUG");

    private CompilerProbe() {}

    static CompilerDefaults run(Path compiler, List<String> options, Path directory, Map<String, String> environment)
            throws Unsure {
        List<String> command = new ArrayList<>(options.size() + 5);
        command.add(compiler.toString());
        command.addAll(options);
        command.addAll(List.of("-E", "-dD", "-v", "/dev/null"));
        var builder = new ProcessBuilder(command).directory(directory.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment);
        REMOVED.forEach(env::remove);
        env.put("LC_ALL", "C");
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Unsure("cannot run " + compiler + ": " + e.getMessage());
        }
        ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<byte[]> out = readers.submit(() -> read(process.getInputStream()));
            Future<byte[]> err = readers.submit(() -> read(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Unsure(compiler + " did not list its defaults within " + TIMEOUT.toSeconds() + " s");
            }
            String standardError = text(err);
            if (process.exitValue() != 0) {
                throw new Unsure(compiler + " " + String.join(" ", options) + " -E -v /dev/null exited with "
                        + process.exitValue() + ": " + lastLine(standardError));
            }
            return CompilerDefaults.parse(text(out), standardError);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unsure("interrupted while asking " + compiler + " for its defaults");
        } catch (IllegalArgumentException e) {
            throw new Unsure(compiler + ": " + e.getMessage());
        } finally {
            // cc1 may hold the pipes after the driver is gone: end it too before waiting for the readers.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            readers.close();
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return bytes;
        }
    }

    private static String text(Future<byte[]> output) throws Unsure, InterruptedException {
        try {
            return new String(output.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (ExecutionException | TimeoutException e) {
            throw new Unsure("cannot read the compiler's defaults: " + e.getMessage());
        }
    }

    private static String lastLine(String text) {
        String stripped = text.strip();
        return stripped.substring(stripped.lastIndexOf('\n') + 1);
    }
}
