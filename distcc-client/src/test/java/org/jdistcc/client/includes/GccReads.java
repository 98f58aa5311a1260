package org.jdistcc.client.includes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;

/** The files gcc itself reads for a compile, from its own dependency output ({@code -M}), as real paths. */
final class GccReads {
    private GccReads() {}

    /**
     * Runs {@code compiler flags... -M -MF DEPS source} in {@code directory}; fails the test if gcc
     * fails, so every reference compile is a valid one.
     */
    static Set<String> of(String compiler, List<String> flags, String source, Path directory, Map<String, String> env)
            throws IOException, InterruptedException {
        Path deps = Files.createTempFile("gcc-reads", ".d");
        try {
            List<String> command = new ArrayList<>();
            command.add(compiler);
            command.addAll(flags);
            command.addAll(List.of("-M", "-MF", deps.toString(), source));
            Outcome gcc = CommandRunner.in(directory)
                    .with(env)
                    .withTimeout(Duration.ofSeconds(60))
                    .run(command);
            if (gcc.exitCode() != 0) {
                throw new AssertionError("gcc failed: " + command + "\n" + gcc);
            }
            return parse(Files.readString(deps), directory);
        } finally {
            Files.deleteIfExists(deps);
        }
    }

    static Set<String> parse(String makeRule, Path directory) throws IOException {
        Set<String> files = new TreeSet<>();
        String body = makeRule.replace("\\\n", " ");
        body = body.substring(body.indexOf(':') + 1);
        for (String word : body.strip().split("\\s+", -1)) {
            if (!word.isEmpty()) {
                files.add(directory.resolve(word).toRealPath().toString());
            }
        }
        return files;
    }
}
