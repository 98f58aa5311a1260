package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.daemon.compilers.CompilerRunner;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Request;

/**
 * One source-mode job served by the daemon's own {@link SourceDialect}, in {@link CompileJob}'s order
 * (check the options, receive the files, start the compiler, wait, reply), without the allow-lists and the connection
 * handling around it: for tests that compare a volunteer's compile with a local one.
 */
final class SourceJob {
    private static final DefaultSearchPaths SEARCH_PATHS = new DefaultSearchPaths();
    private static final Duration LIFETIME = Duration.ofMinutes(2);

    private SourceJob() {}

    /**
     * Serves the request whose head {@code receiver} has just read, compiled by {@code compiler}, and
     * writes the reply to {@code out}; {@code replied} runs once it is flushed, before the job directory
     * is removed.
     *
     * @return the size of the files received
     */
    static long serve(
            Request head,
            JobReceiver receiver,
            Path compiler,
            JobDirs jobDirs,
            FileCache cache,
            OutputStream out,
            Runnable replied)
            throws IOException, InterruptedException, Refusal, TimeoutException {
        var runner = new CompilerRunner(List.of(System.getenv("PATH").split(":")).stream()
                .filter(entry -> entry.startsWith("/"))
                .map(Path::of)
                .toList());
        var dialect = new SourceDialect(head, receiver, runner, SEARCH_PATHS, cache, 1L << 30, 4 << 20);
        try (JobDir dir = jobDirs.create()) {
            // No CompileCommand: source mode runs the client's own command, not the option policy's
            // rewrite of it for preprocessed input.
            // The daemon's option policy as the job chain applies it (its allow-lists are left out).
            dialect.check(
                    compiler.getFileName().toString(),
                    head.argv().subList(1, head.argv().size()));
            long received = dialect.receiveInput(new CheckedCommand(null, compiler), dir);
            RunningCompiler running = dialect.startCompiler(dir);
            dir.running(running);
            int status = running.waitStatus(LIFETIME);
            if (status < 0) {
                throw new TimeoutException("compile ran longer than " + LIFETIME);
            }
            MessageWriter.writeReply(out, dialect.reply(status, dir));
            out.flush();
            replied.run();
            return received;
        }
    }
}
