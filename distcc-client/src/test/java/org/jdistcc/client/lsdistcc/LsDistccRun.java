package org.jdistcc.client.lsdistcc;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One run of lsdistcc in this JVM: its exit status and what it printed. */
record LsDistccRun(int status, String out, String err) {
    static LsDistccRun of(Map<String, String> env, String... args) throws InterruptedException {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = LsDistccMain.run(
                List.of(args),
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new LsDistccRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines printed, sorted: 3.4 prints each host as its check ends. */
    List<String> sortedLines() {
        return out.lines().sorted().toList();
    }
}
