package org.jdistcc.common.toolchain;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdistcc.common.digest.Sha256;

/**
 * Works out a compiler's {@link CompilerIdentity} by asking it: {@code -dumpversion}, {@code
 * -dumpmachine}, {@code -v} (only the lines that describe its build and target: the others name the
 * name it was run as and where it lives), {@code -dumpspecs} (gcc's default specs, a specs file
 * beside it included) and {@code -print-prog-name=} for {@code cc1}, {@code cc1plus} and {@code as};
 * then the driver's and each named program's {@link ProgramDigest}. Paths do not enter the digest, contents do: the
 * same compiler installed under another prefix is the same compiler.
 *
 * <p>The queries run at once, each with fixed arguments, stdin from {@code /dev/null}, the C locale,
 * output bounded and a deadline; only the compile's {@code PATH} decides which {@code as} a bare name
 * means, as for the compile itself.
 */
final class IdentityProbe {
    static final String FORMAT = "jdistcc compiler identity 2";
    /** The programs a compile runs; a linker is not one of them ({@code -c}, {@code -S}). */
    static final List<String> PROGRAMS = List.of("cc1", "cc1plus", "as");
    /** The lines of {@code -v} that say how the compiler was built and what it targets. */
    private static final List<String> CONFIGURATION = List.of(
            "Target:",
            "Configured with:",
            "Thread model:",
            "Supported LTO compression algorithms:",
            "Selected GCC installation:",
            "Selected multilib:");

    private static final long TIMEOUT_SECONDS = 20;
    private static final int MAX_OUTPUT = 1 << 20;

    /** An identity and the files it was made from, the driver first. */
    record Probed(CompilerIdentity identity, List<FileStamp> stamps) {
        Probed {
            stamps = List.copyOf(stamps);
        }

        /** Whether none of the files changed since, and {@code compiler} still leads to the same driver. */
        boolean isCurrent(Path compiler) {
            try {
                if (!compiler.toRealPath().equals(stamps.getFirst().path())) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
            for (FileStamp stamp : stamps) {
                if (!stamp.isCurrent()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Reads a file's SHA-256, or gives one already read for the same stamp. */
    interface FileDigests {
        String digest(FileStamp file) throws IOException;
    }

    private IdentityProbe() {}

    /**
     * @param compiler the compiler as the compile runs it (clang, for one, finds its parts relative
     *     to the name it is run as)
     * @param environment the compile's environment: its {@code PATH} finds a bare {@code as}
     * @throws IOException if the compiler cannot be run or does not answer {@code -dumpversion}
     */
    static Probed probe(Path compiler, Map<String, String> environment, FileDigests digests) throws IOException {
        FileStamp driver = FileStamp.of(compiler.toRealPath());
        Map<String, List<String>> queries = new LinkedHashMap<>();
        queries.put("version", List.of("-dumpversion"));
        queries.put("machine", List.of("-dumpmachine"));
        queries.put("verbose", List.of("-v"));
        queries.put("specs", List.of("-dumpspecs"));
        for (String program : PROGRAMS) {
            queries.put(program, List.of("-print-prog-name=" + program));
        }
        Map<String, Answer> answers = ask(compiler, environment, queries);
        Answer version = answers.get("version");
        if (version.status != 0 || version.text.isBlank()) {
            throw new IOException(compiler + " does not answer -dumpversion: " + firstLine(version.text));
        }
        List<FileStamp> stamps = new ArrayList<>(List.of(driver));
        var text = new StringBuilder(FORMAT).append('\n');
        text.append("driver ").append(digests.digest(driver)).append('\n');
        for (String program : PROGRAMS) {
            FileStamp file = program(answers.get(program), environment);
            text.append("program ").append(program).append(' ');
            if (file == null) {
                text.append("none\n");
            } else {
                stamps.add(file);
                text.append(digests.digest(file)).append('\n');
            }
        }
        String machine =
                answers.get("machine").status == 0 ? answers.get("machine").text.strip() : "";
        text.append("dumpversion ").append(version.text.strip()).append('\n');
        text.append("dumpmachine ").append(machine).append('\n');
        for (String line : answers.get("verbose").text.split("\n")) {
            if (isConfiguration(line)) {
                text.append("configuration ").append(line.strip()).append('\n');
            }
        }
        Answer specs = answers.get("specs");
        text.append("specs ")
                .append(specs.status == 0 ? Sha256.hex(specs.text.getBytes(StandardCharsets.UTF_8)) : "none")
                .append('\n');
        String digest = Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8));
        String name = driver.path().getFileName().toString();
        return new Probed(
                new CompilerIdentity(digest, name + " " + version.text.strip(), machine.isEmpty() ? "?" : machine),
                stamps);
    }

    static boolean isConfiguration(String line) {
        String trimmed = line.strip();
        for (String prefix : CONFIGURATION) {
            if (trimmed.startsWith(prefix)) {
                return true;
            }
        }
        // gcc ends with "gcc version 12.2.0 (Debian 12.2.0-14)", clang starts with "Debian clang version 14.0.6".
        return trimmed.contains(" version ") && !trimmed.contains("=");
    }

    /** The file {@code -print-prog-name} named: a path, or a bare name found on the compile's PATH. */
    private static FileStamp program(Answer answer, Map<String, String> environment) throws IOException {
        if (answer.status != 0) {
            return null;
        }
        String name = answer.text.strip();
        if (name.isEmpty() || name.contains("\n")) {
            return null;
        }
        Path found = null;
        if (name.startsWith("/")) {
            found = Path.of(name);
        } else if (!name.contains("/")) {
            String path = environment.get("PATH");
            for (String dir : path == null ? new String[0] : path.split(":")) {
                if (dir.startsWith("/") && Files.isExecutable(Path.of(dir, name))) {
                    found = Path.of(dir, name);
                    break;
                }
            }
        }
        if (found == null || !Files.isRegularFile(found)) {
            return null;
        }
        return FileStamp.of(found.toRealPath());
    }

    private record Answer(int status, String text) {}

    private static Map<String, Answer> ask(
            Path compiler, Map<String, String> environment, Map<String, List<String>> queries) throws IOException {
        Map<String, String> env = new HashMap<>(environment);
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        env.remove("LANGUAGE");
        Map<String, Future<Answer>> pending = new LinkedHashMap<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var query : queries.entrySet()) {
                List<String> argv = new ArrayList<>();
                argv.add(compiler.toString());
                argv.addAll(query.getValue());
                pending.put(query.getKey(), pool.submit(() -> run(argv, env)));
            }
            Map<String, Answer> answers = new LinkedHashMap<>();
            for (var p : pending.entrySet()) {
                answers.put(p.getKey(), p.getValue().get());
            }
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + compiler + " what it is", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static Answer run(List<String> argv, Map<String, String> env) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        try (InputStream out = process.getInputStream()) {
            byte[] text = out.readNBytes(MAX_OUTPUT);
            out.transferTo(OutputSink.INSTANCE);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(
                        argv.getFirst() + " " + argv.get(1) + " did not exit within " + TIMEOUT_SECONDS + " s");
            }
            return new Answer(process.exitValue(), new String(text, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String firstLine(String text) {
        String s = text.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Where output past the bound goes. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
