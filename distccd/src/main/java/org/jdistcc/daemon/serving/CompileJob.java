package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.daemon.net.ClientConnection;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection, one job, as a chain of stages: receive the head, check it, receive the input,
 * compile, reply. What differs between kinds of request (preprocessed source, source mode, pump mode) is its
 * {@link Dialect}, chosen once from the head; the stages, their deadlines and their endings are the
 * same for all. Each stage either passes on or ends the job with one log line; whatever happens, the
 * job directory is removed and the compiler is dead when {@link #serve} returns.
 *
 * <p>Failures before the reply (malformed requests, a request too slow, a client that leaves) close the connection without a reply, as distcc 3.4 does; Debian's client then counts a
 * host failure and compiles locally. Refusals and compile results get a reply.
 */
public final class CompileJob {
    private static final Logger LOG = LoggerFactory.getLogger(CompileJob.class);
    private final ServingConfig config;
    private final ClientConnection connection;
    private final long number;
    private final JobLog log;
    private final ResultReuse reuse;
    private DaemonStats.Job statsJob;
    private boolean holdsSlot;
    /** What the client had sent when it was invited: nothing more, and it declined the invitation. */
    private long bytesWhenInvited = -1;

    private CompileJob(ServingConfig config, ClientConnection connection, long number) {
        this.config = config;
        this.connection = connection;
        this.number = number;
        this.log = new JobLog(number, connection);
        this.reuse = config.cache() == null ? null : new ResultReuse(config.cache());
    }

    public static void serve(ServingConfig config, ClientConnection connection, long number) {
        new CompileJob(config, connection, number).run();
    }

    /** How the job ended; logged only after its directory is gone. */
    private record End(JobOutcome outcome, String detail) {}

    private static End end(JobOutcome outcome, String detail) {
        return new End(outcome, detail);
    }

    private void run() {
        try (var job = config.stats().jobStarted(PeerAddress.of(connection.peer()))) {
            statsJob = job;
            End end;
            try {
                end = stages();
            } catch (IOException e) {
                end = end(JobOutcome.IO_ERROR, e.toString());
            }
            log.end(end.outcome(), end.detail());
            job.finished(end.outcome().result(), connection.bytesIn(), connection.bytesOut());
        }
    }

    /** Stages 1 to 3 under the request deadline, then the compile and the reply. */
    private End stages() throws IOException {
        var receiver = new JobReceiver(connection, config.limits());
        try (var deadline = PhaseDeadline.arm(connection, config.requestTimeout())) {
            Request request;
            try {
                // A client invited from the waiting room holds a compile slot while its request
                // comes: one that goes quiet loses it sooner than a request's whole deadline.
                connection.setReadTimeout(holdsSlot ? WaitingRoom.quietInvited(config) : config.requestTimeout());
                request = receiver.receiveHead();
            } catch (IOException e) {
                return endReceiveFailure(e, deadline);
            }
            if (holdsSlot) {
                connection.setReadTimeout(config.requestTimeout()); // the head came: its input may take its time
            }
            ProtocolVersion version = request.version();
            log.protocol(version);
            if (version.isHello()) {
                HelloAnswer.send(config, connection.output());
                return end(JobOutcome.HELLO, null);
            }
            if (version.isWait()) {
                if (!deadline.disarm()) { // the room has its own bound; the job's request gets a new one
                    return requestTimedOut();
                }
                return waitForSlot();
            }
            log.compiler(request.argv().getFirst());
            Dialect dialect = Dialect.of(request, receiver, config);
            if (connection.overLimit() != null) {
                return refuse(dialect, deadline, version, new Refusal(ExitCode.BUSY, connection.overLimit()));
            }
            CheckedCommand checked;
            try {
                checked = CheckedCommand.check(config, request, dialect, reuse != null, log, statsJob);
            } catch (Refusal refusal) {
                return refuse(dialect, deadline, version, refusal);
            }
            try (JobDir dir = config.jobDirs().create()) {
                RunningCompiler streamed = startStreaming(dialect, checked, dir, deadline);
                try {
                    feed(dialect, checked, dir, streamed);
                } catch (IOException e) {
                    return endReceiveFailure(e, deadline);
                }
                if (!deadline.disarm()) {
                    return requestTimedOut();
                }
                Cacheable cacheable = reuse == null ? null : reuse.key(dialect, checked, log);
                if (cacheable != null) {
                    Reply hit = reuse.lookup(cacheable, version, dir);
                    if (hit != null) {
                        if (streamed != null) {
                            streamed.kill();
                            releaseSlot();
                        }
                        return cachedReply(hit);
                    }
                    log.cache("miss");
                    statsJob.cacheMissed();
                }
                return compileAndReply(receiver, dialect, version, checked, dir, cacheable, streamed);
            } finally {
                releaseSlot();
            }
        }
    }

    /**
     * The waiting room ({@link WaitingRoom}): once invited, the job's own request follows on this
     * connection and runs in the slot kept for it. One wait per connection.
     */
    private End waitForSlot() throws IOException {
        if (holdsSlot) {
            return end(JobOutcome.PROTOCOL_ERROR, "a second wait on one connection");
        }
        if (connection.overLimit() != null) {
            WaitingRoom.refuse(config, connection);
            return end(JobOutcome.CLIENT_OVER_LIMIT, connection.overLimit());
        }
        return switch (WaitingRoom.wait(config, connection, config.requestTimeout())) {
            case INVITED -> {
                holdsSlot = true;
                bytesWhenInvited = connection.bytesIn();
                try {
                    yield stages();
                } finally {
                    releaseSlot();
                }
            }
            case REFUSED -> end(JobOutcome.NOT_INVITED, null);
            case LEFT -> end(JobOutcome.NOT_TAKEN, null);
        };
    }

    /**
     * The compiler, started on an input still to arrive, when the dialect can, the daemon may (not
     * {@code --fifo}) and a compile slot is free now (a compiler waiting for input holds one); else
     * null, and the input goes to a file first. A request over its deadline kills the compiler.
     */
    private RunningCompiler startStreaming(
            Dialect dialect, CheckedCommand checked, JobDir dir, PhaseDeadline deadline) {
        if (!config.inputPipes() || !dialect.streams()) {
            return null;
        }
        // A slot the waiting room kept for this client stays its own whatever happens here.
        boolean takenHere = !holdsSlot;
        if (takenHere && !config.compileSlots().tryAcquire()) {
            return null;
        }
        holdsSlot = true;
        RunningCompiler compiler;
        try {
            compiler = dialect.startStreaming(checked, dir);
        } catch (IOException e) { // no FIFOs on this file system, or no compiler: the file way says which
            LOG.warn("job {}: compiling from a pipe failed, receiving into a file: {}", number, e.toString());
            if (takenHere) {
                releaseSlot();
            }
            return null;
        }
        dir.running(compiler);
        deadline.onExpiry(compiler::kill);
        return compiler;
    }

    /** Stage 3, or 3 and 4 at once: the monitor shows "receive" until the input is whole. */
    private void feed(Dialect dialect, CheckedCommand checked, JobDir dir, RunningCompiler streamed)
            throws IOException {
        statsJob.sourceReceived(streamed == null ? dialect.receiveInput(checked, dir) : dialect.feedInput());
        if (streamed != null) {
            statsJob.compiling();
        }
    }

    private void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            config.compileSlots().release();
        }
    }

    /** A result from the cache goes back as a compile's would; no compile slot is taken. */
    private End cachedReply(Reply reply) throws IOException {
        boolean shared = reply.has(Reply.SHARED);
        log.cache(shared ? "shared-hit" : "hit");
        log.status(reply.waitStatus());
        statsJob.cacheHit(shared);
        statsJob.replying();
        End sent = send(reply);
        return sent != null ? sent : end(reply.succeeded() ? JobOutcome.OK : JobOutcome.COMPILE_FAILED, null);
    }

    private End refuse(Dialect dialect, PhaseDeadline deadline, ProtocolVersion version, Refusal refusal)
            throws IOException {
        try {
            dialect.skipInput();
        } catch (IOException e) {
            return endReceiveFailure(e, deadline);
        }
        if (!deadline.disarm()) {
            return requestTimedOut();
        }
        return refused(version, refusal);
    }

    /** Tells the client why its job is refused (exit code and message), and ends the job. */
    private End refused(ProtocolVersion version, Refusal refusal) throws IOException {
        ReplySender.sendFailure(
                connection,
                version,
                refusal.exitCode(),
                refusal.getMessage(),
                refusal.otherCompiler() ? Reply.OTHER_COMPILER : 0);
        log.status(refusal.exitCode().code() << 8);
        JobOutcome outcome = refusal.otherCompiler()
                ? JobOutcome.OTHER_COMPILER
                : switch (refusal.exitCode()) {
                    case COMPILER_MISSING -> JobOutcome.COMPILER_MISSING;
                    case BUSY -> JobOutcome.CLIENT_OVER_LIMIT;
                    default -> JobOutcome.REFUSED;
                };
        return end(outcome, refusal.getMessage());
    }

    private End requestTimedOut() {
        return end(
                JobOutcome.REQUEST_TIMEOUT,
                "request not received within " + config.requestTimeout().toSeconds() + " s");
    }

    /**
     * Stages 4 and 5, while watching for a client that leaves: compile in a slot, then reply; then
     * keep the result when the cache may answer the job next time ({@code cacheable} not null).
     */
    private End compileAndReply(
            JobReceiver receiver,
            Dialect dialect,
            ProtocolVersion version,
            CheckedCommand checked,
            JobDir dir,
            Cacheable cacheable,
            RunningCompiler started)
            throws IOException {
        int status;
        try (var watch = ClientWatch.start(receiver.rest(), "watch-" + number)) {
            try {
                status = compile(dialect, dir, started);
            } catch (InterruptedException e) {
                // Only the watch interrupts a job: the client is gone. Kill now, not at the next poll.
                dir.close();
                return end(JobOutcome.CLIENT_GONE, "compiler killed");
            } catch (Refusal refusal) {
                return watch.finish() ? refused(version, refusal) : end(JobOutcome.CLIENT_GONE, null);
            }
            if (!watch.finish()) {
                dir.close();
                return end(JobOutcome.CLIENT_GONE, null);
            }
        }
        if (status < 0) {
            ReplySender.sendFailure(
                    connection,
                    version,
                    ExitCode.TIMEOUT,
                    "compile of '" + checked.command().source() + "' exceeded --job-lifetime of "
                            + config.jobLifetime().toSeconds() + " s and was killed");
            log.status(ExitCode.TIMEOUT.code() << 8);
            return end(JobOutcome.TIMEOUT, null);
        }
        log.status(status);
        Reply reply = dialect.reply(status, dir);
        if (reply.succeeded()
                && reply.object() instanceof Payload.InFile(Path object)
                && !Files.isRegularFile(object, LinkOption.NOFOLLOW_LINKS)) {
            // As distcc 3.4: no reply, so the client treats it as a host failure and retries.
            return end(JobOutcome.NO_OUTPUT, "the compiler succeeded but wrote no " + object.getFileName());
        }
        if (cacheable != null) {
            reply = reply.withFlags(Reply.MISSED);
        }
        End failed = send(reply);
        if (failed != null) {
            return failed;
        }
        if (cacheable != null) {
            // After the reply: the client does not wait for the cache.
            reuse.store(cacheable, reply, dialect.volunteerInputs());
        }
        return end(reply.succeeded() ? JobOutcome.OK : JobOutcome.COMPILE_FAILED, null);
    }

    /** Writes the reply within the reply deadline; null when it went out, else how the job ended. */
    private End send(Reply reply) {
        try (var replyDeadline = PhaseDeadline.arm(connection, config.requestTimeout())) {
            try {
                ReplySender.send(connection, reply);
                return null;
            } catch (IOException e) {
                return end(
                        JobOutcome.IO_ERROR,
                        replyDeadline.expired()
                                ? "reply not read within "
                                        + config.requestTimeout().toSeconds() + " s"
                                : e.toString());
            }
        }
    }

    /**
     * Stage 4: waits for a compile slot and runs the compiler in it, or waits for the one {@code
     * started} on its input as it arrived. Returns its raw wait status, or -1 when it outlived {@code
     * --job-lifetime} and was killed.
     */
    private int compile(Dialect dialect, JobDir dir, RunningCompiler started)
            throws Refusal, IOException, InterruptedException {
        if (!holdsSlot) {
            config.compileSlots().acquire();
            holdsSlot = true;
            statsJob.compiling();
        } else if (started == null) {
            statsJob.compiling(); // in the slot its waiting room kept for it
        }
        try {
            RunningCompiler compiler = started;
            if (compiler == null) {
                compiler = dialect.startCompiler(dir);
                dir.running(compiler);
            }
            int status = compiler.waitStatus(config.jobLifetime());
            if (status < 0) {
                compiler.kill();
            }
            return status;
        } finally {
            releaseSlot();
            statsJob.replying();
        }
    }

    private End endReceiveFailure(IOException e, PhaseDeadline deadline) {
        if (deadline.expired()) {
            return requestTimedOut();
        } else if ((connection.bytesIn() == 0 || connection.bytesIn() == bytesWhenInvited)
                && e instanceof ProtocolException p
                && p.kind() == ProtocolException.Kind.TRUNCATED) {
            // Closed without a word: a port probe or health check; or, invited from the waiting
            // room, a client that took another volunteer's invitation.
            return end(connection.bytesIn() == 0 ? JobOutcome.NO_REQUEST : JobOutcome.NOT_TAKEN, null);
        } else if (e instanceof ProtocolException p) {
            return end(
                    p.kind() == ProtocolException.Kind.BAD_VERSION ? JobOutcome.UNSUPPORTED : JobOutcome.PROTOCOL_ERROR,
                    p.kind() + ": " + p.getMessage());
        } else {
            return end(JobOutcome.IO_ERROR, e.toString());
        }
    }
}
