package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.OptionPolicy;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;

/**
 * What differs between the kinds of request a job can be: how the input arrives, what compiler
 * process runs on it, and what goes back. One instance per job, chosen once from the request's
 * protocol version ({@link #of}); {@link CompileJob} runs the same chain around every dialect
 * (deadlines, the compile slot, {@code --job-lifetime}, a client that leaves, refusals, writing the
 * reply). The client's {@code compile/Dialect} is the other end of each.
 *
 * <p>{@link PreprocessedDialect}: distcc's protocols 1 and 2 and jdistcc's LZ4 and side-file dialects,
 * one preprocessed source in, an object out. {@link SourceDialect}: jdistcc's source mode, a tree of
 * original files in, an object and its side files out. {@link PumpDialect}: distcc's pump mode
 * (protocol 3), a tree of files in, an object and a {@code .d} file ({@link Reply#deps()}) out.
 */
sealed interface Dialect permits PreprocessedDialect, SourceDialect, PumpDialect {
    /** The dialect of a request whose head was just read. */
    static Dialect of(Request head, JobReceiver receiver, ServingConfig config) {
        ProtocolVersion version = head.version();
        if (version.isPump()) {
            // The root's name only needs to be free, not secret: it is made with O_EXCL, mode 0700.
            return new PumpDialect(
                    head,
                    receiver,
                    config.runner(),
                    config.searchPaths(),
                    config.jobDirs().tmpdir(),
                    ThreadLocalRandom.current(),
                    config.limits().maxBodySize(),
                    config.maxCapturedOutput());
        } else if (version.has(ProtocolVersion.FEATURE_SOURCES)) {
            return new SourceDialect(
                    head,
                    receiver,
                    config.runner(),
                    config.searchPaths(),
                    config.fileCache(),
                    config.limits().maxBodySize(),
                    config.maxCapturedOutput());
        } else {
            return new PreprocessedDialect(version, receiver, config.runner(), config.maxCapturedOutput());
        }
    }

    /**
     * Checks the command after the compiler name against the option policy (stage 2, after the
     * compiler allow-list) and rewrites it for the job directory.
     *
     * @throws Refusal naming the first word refused
     */
    default CompileCommand check(String compiler, List<String> args) throws Refusal {
        return OptionPolicy.check(compiler, args);
    }

    /**
     * Receives the input that follows the head into {@code dir} (stage 3).
     *
     * @return its size in bytes, decompressed
     */
    long receiveInput(CheckedCommand checked, JobDir dir) throws IOException;

    /**
     * Whether this job's compiler can start before its input is complete, reading it as it arrives
     * ({@link #startStreaming}, then {@link #feedInput} instead of {@link #receiveInput} and {@link
     * #startCompiler}).
     */
    default boolean streams() {
        return false;
    }

    /**
     * Stages 3 and 4 at once, where this dialect {@link #streams()}: starts the compiler on an input
     * that {@link #feedInput} then fills. The caller holds a compile slot.
     */
    default RunningCompiler startStreaming(CheckedCommand checked, JobDir dir) throws IOException {
        throw new UnsupportedOperationException("this dialect receives its input before compiling");
    }

    /**
     * After {@link #startStreaming}: receives the input into the running compiler, to its end.
     *
     * @return its size in bytes, decompressed
     */
    default long feedInput() throws IOException {
        throw new UnsupportedOperationException("this dialect receives its input before compiling");
    }

    /**
     * What decides this job's result, for the result cache (after {@link #receiveInput} or {@link
     * #feedInput}): a key over
     * {@code compiler}, the arguments and environment that reach the output and the input's contents
     * (docs/cache.md), or null when a cached result could differ from what a compile would give now.
     */
    Cacheable cacheable(CompilerIdentity compiler) throws IOException;

    /**
     * After the compile: files of this volunteer's that the compile read and the key does not cover
     * (pump mode's system headers); a cached result is used only while they are unchanged.
     */
    default List<Path> volunteerInputs() throws IOException {
        return List.of();
    }

    /**
     * Before replying to a refused job: reads and drops its input where the client sends it all
     * before reading a reply (distcc's clients, which a reset would stop from reading the refusal),
     * or leaves it unread.
     */
    void skipInput() throws IOException;

    /**
     * Starts the compiler on the received input (stage 4). The caller holds a compile slot, waits for
     * the compiler within {@code --job-lifetime}, and kills it if the client leaves.
     *
     * @throws Refusal if the input asks for something this daemon will not do
     * @throws InterruptedException if the client left while the compile was being prepared
     */
    RunningCompiler startCompiler(JobDir dir) throws Refusal, IOException, InterruptedException;

    /**
     * What goes back for a compiler that exited with {@code waitStatus} (stage 5). Its payloads are
     * files in {@code dir}: send it before the directory is closed. On success its {@link
     * Reply#object()} is the path the compiler was told to write, which may not exist.
     */
    Reply reply(int waitStatus, JobDir dir) throws IOException;
}
