package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jdistcc.common.ExitCode;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.daemon.net.ClientConnection;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.JobResult;
import org.jdistcc.daemon.status.SlotFigures;
import org.jdistcc.protocol.CompilerFacts;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;

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
    private final ServingConfig config;
    private final ClientConnection connection;
    private final long number;
    private final JobLog log;
    private final ResultReuse reuse;
    private DaemonStats.Job statsJob;

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
        try (var job = config.stats().jobStarted(peerAddress())) {
            statsJob = job;
            End end;
            try {
                end = stages();
            } catch (IOException e) {
                end = end(JobOutcome.IO_ERROR, e.toString());
            }
            log.end(end.outcome(), end.detail());
            job.finished(resultOf(end.outcome()), connection.bytesIn(), connection.bytesOut());
        }
    }

    /** distcc 3.4's counters ({@code dcc_compile_ok}, {@code dcc_rej_bad_req}, ...) for our outcomes. */
    private static JobResult resultOf(JobOutcome outcome) {
        return switch (outcome) {
            case OK -> JobResult.COMPILE_OK;
            case COMPILE_FAILED -> JobResult.COMPILE_ERROR;
            case TIMEOUT -> JobResult.COMPILE_TIMEOUT;
            case CLIENT_GONE, IO_ERROR -> JobResult.CLIENT_DISCONNECTED;
            case PROTOCOL_ERROR, UNSUPPORTED, NO_REQUEST, REQUEST_TIMEOUT -> JobResult.REJECTED_BAD_REQUEST;
            case CLIENT_OVER_LIMIT -> JobResult.REJECTED_OVERLOAD;
            default -> JobResult.OTHER;
        };
    }

    private InetSocketAddress peerAddress() {
        String peer = connection.peer();
        int colon = peer.lastIndexOf(':');
        try {
            if (colon > 0) {
                String host = peer.substring(0, colon).replace("[", "").replace("]", "");
                return new InetSocketAddress(InetAddress.ofLiteral(host), Integer.parseInt(peer.substring(colon + 1)));
            }
        } catch (IllegalArgumentException e) {
            // a pipe (--inetd) or an odd name: reported without an address
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** Stages 1 to 3 under the request deadline, then the compile and the reply. */
    private End stages() throws IOException {
        var receiver = new JobReceiver(connection, config.limits());
        try (var deadline = PhaseDeadline.arm(connection, config.requestTimeout())) {
            Request request;
            try {
                connection.setReadTimeout(config.requestTimeout());
                request = receiver.receiveHead();
            } catch (IOException e) {
                return endReceiveFailure(e, deadline);
            }
            ProtocolVersion version = request.version();
            log.protocol(version);
            if (version.isHello()) {
                return hello();
            }
            log.compiler(request.argv().getFirst());
            Dialect dialect = Dialect.of(request, receiver, config);
            if (connection.overLimit() != null) {
                return refuse(dialect, deadline, version, new Refusal(ExitCode.BUSY, connection.overLimit()));
            }
            CheckedCommand checked;
            try {
                checked = check(request, dialect);
            } catch (Refusal refusal) {
                return refuse(dialect, deadline, version, refusal);
            }
            try (JobDir dir = config.jobDirs().create()) {
                try {
                    statsJob.sourceReceived(dialect.receiveInput(checked, dir));
                } catch (IOException e) {
                    return endReceiveFailure(e, deadline);
                }
                if (!deadline.disarm()) {
                    return requestTimedOut();
                }
                Cacheable cacheable = cacheable(dialect, checked);
                if (cacheable != null) {
                    Reply hit = reuse.lookup(cacheable, version, dir);
                    if (hit != null) {
                        return cachedReply(hit);
                    }
                    log.cache("miss");
                    statsJob.cacheMissed();
                }
                return compileAndReply(receiver, dialect, version, checked, dir, cacheable);
            }
        }
    }

    /** The job's result-cache key, or null: no cache, no identity, or a result a compile could change. */
    private Cacheable cacheable(Dialect dialect, CheckedCommand checked) {
        if (reuse == null || checked.identity() == null) {
            return null;
        }
        try {
            Cacheable cacheable = dialect.cacheable(checked.identity());
            if (cacheable == null) {
                log.cache("uncacheable");
            }
            return cacheable;
        } catch (IOException e) {
            log.cache("uncacheable");
            return null;
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

    /**
     * A jdistcc client learning what we are: every dialect feature we serve, and how busy we are now
     * ({@link SlotFigures}: {@code --jobs}, free slots, jobs queued, recent pace), for its placement;
     * a client asks again every few hundred milliseconds while it places compiles. No compile follows.
     */
    private End hello() throws IOException {
        Map<String, String> facts = new HashMap<>(Map.of(
                "server",
                "jdistcc",
                "version",
                config.stats().info().version(),
                "cores",
                Integer.toString(Runtime.getRuntime().availableProcessors()),
                "cache",
                config.cache() == null ? "off" : config.cache().kind()));
        SlotFigures slots = config.stats().slots();
        if (slots != null) {
            slots.addTo(facts);
        } else {
            facts.put("free", Integer.toString(config.compileSlots().availablePermits()));
        }
        var compilers = config.identities().list();
        CompilerFacts.add(facts, compilers.identities(), compilers.complete());
        MessageWriter.writeHello(connection.output(), new Hello(ProtocolVersion.ALL_FEATURES, facts));
        connection.output().flush();
        return end(JobOutcome.HELLO, null);
    }

    /**
     * Stage 2: compiler name, then options, then the compiler binary, and when the client named its
     * compiler's identity, that this one is the same. Nothing runs if one fails.
     */
    private CheckedCommand check(Request request, Dialect dialect) throws Refusal {
        String name = config.whitelist().check(request.argv().getFirst());
        CompileCommand command =
                dialect.check(name, request.argv().subList(1, request.argv().size()));
        log.source(command.source());
        statsJob.request(name, command.source());
        var compiler = config.locator().locate(name);
        CompilerIdentity identity = null;
        if (request.identity() != null || reuse != null) {
            try {
                identity = config.identities().of(compiler);
            } catch (IOException e) {
                if (request.identity() != null) {
                    throw Refusal.otherCompiler("cannot tell what compiler '" + name + "' is here: " + e.getMessage());
                }
            }
        }
        if (request.identity() != null && !request.identity().equals(identity.digest())) {
            throw Refusal.otherCompiler("compiler '" + name + "' here is " + identity.describe()
                    + ", not the client's (" + request.identity().substring(0, 12) + ")");
        }
        return new CheckedCommand(command, compiler, identity);
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
            Cacheable cacheable)
            throws IOException {
        int status;
        try (var watch = ClientWatch.start(receiver.rest(), "watch-" + number)) {
            try {
                status = compile(dialect, dir);
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
     * Stage 4: waits for a compile slot and runs the compiler in it. Returns its raw wait status, or
     * -1 when it outlived {@code --job-lifetime} and was killed.
     */
    private int compile(Dialect dialect, JobDir dir) throws Refusal, IOException, InterruptedException {
        config.compileSlots().acquire();
        statsJob.compiling();
        try {
            RunningCompiler compiler = dialect.startCompiler(dir);
            dir.running(compiler);
            int status = compiler.waitStatus(config.jobLifetime());
            if (status < 0) {
                compiler.kill();
            }
            return status;
        } finally {
            config.compileSlots().release();
            statsJob.replying();
        }
    }

    private End endReceiveFailure(IOException e, PhaseDeadline deadline) {
        if (deadline.expired()) {
            return requestTimedOut();
        } else if (connection.bytesIn() == 0
                && e instanceof ProtocolException p
                && p.kind() == ProtocolException.Kind.TRUNCATED) {
            // A port probe or health check: connected and closed without a word.
            return end(JobOutcome.NO_REQUEST, null);
        } else if (e instanceof ProtocolException p) {
            return end(
                    p.kind() == ProtocolException.Kind.BAD_VERSION ? JobOutcome.UNSUPPORTED : JobOutcome.PROTOCOL_ERROR,
                    p.kind() + ": " + p.getMessage());
        } else {
            return end(JobOutcome.IO_ERROR, e.toString());
        }
    }
}
