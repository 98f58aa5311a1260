package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.OptionPolicy;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.jdistcc.daemon.net.ClientConnection;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.daemon.status.JobResult;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.Request;

/**
 * One connection, one job, as a chain of stages: receive the head, check it, receive the source,
 * compile, reply. Each stage either passes on or ends the job with one log line; whatever happens,
 * the job directory is removed and the compiler is dead when {@link #serve} returns.
 *
 * <p>Failures before the reply (malformed requests, a request too slow, protocol 3, a client that
 * leaves) close the connection without a reply, as distcc 3.4 does; Debian's client then counts a
 * host failure and compiles locally. Refusals and compile results get a reply.
 */
public final class CompileJob {
    private final ServingConfig config;
    private final ClientConnection connection;
    private final long number;
    private final JobLog log;

    private CompileJob(ServingConfig config, ClientConnection connection, long number) {
        this.config = config;
        this.connection = connection;
        this.number = number;
        this.log = new JobLog(number, connection);
    }

    public static void serve(ServingConfig config, ClientConnection connection, long number) {
        new CompileJob(config, connection, number).run();
    }

    /** A checked job: what to run and which compiler binary runs it. */
    private record Checked(CompileCommand command, Path compiler) {}

    /** How the job ended; logged only after its directory is gone. */
    private record End(JobOutcome outcome, String detail) {}

    private static End end(JobOutcome outcome, String detail) {
        return new End(outcome, detail);
    }

    private DaemonStats.Job statsJob;

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
            default -> JobResult.OTHER;
        };
    }

    private java.net.InetSocketAddress peerAddress() {
        String peer = connection.peer();
        int colon = peer.lastIndexOf(':');
        try {
            if (colon > 0) {
                String host = peer.substring(0, colon).replace("[", "").replace("]", "");
                return new java.net.InetSocketAddress(
                        java.net.InetAddress.ofLiteral(host), Integer.parseInt(peer.substring(colon + 1)));
            }
        } catch (IllegalArgumentException e) {
            // a pipe (--inetd) or an odd name: reported without an address
        }
        return new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
    }

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
            log.compiler(request.argv().getFirst());
            if (version.isPump()) {
                return end(JobOutcome.UNSUPPORTED, "pump mode (protocol 3) is not served");
            }
            if (version.has(ProtocolVersion.FEATURE_SOURCES)) {
                return serveSources(receiver, deadline, request);
            }
            Checked checked;
            try {
                checked = check(request);
            } catch (Refusal refusal) {
                return refuse(receiver, deadline, version, refusal);
            }
            try (JobDir dir = config.jobDirs().create()) {
                try {
                    receiver.receiveSource(
                            version, dir.work().resolve(checked.command().inputName()));
                } catch (IOException e) {
                    return endReceiveFailure(e, deadline);
                }
                if (!deadline.disarm()) {
                    return requestTimedOut();
                }
                return compileAndReply(receiver, version, checked, dir);
            }
        }
    }

    /** Stage 2: compiler name, then options, then the compiler binary. Nothing runs if one fails. */
    private Checked check(Request request) throws Refusal {
        String name = config.whitelist().check(request.argv().getFirst());
        CompileCommand command = OptionPolicy.check(
                name, request.argv().subList(1, request.argv().size()));
        log.source(command.source());
        statsJob.request(name, command.source());
        return new Checked(command, config.locator().locate(name));
    }

    private End refuse(JobReceiver receiver, PhaseDeadline deadline, ProtocolVersion version, Refusal refusal)
            throws IOException {
        try {
            receiver.discardSource();
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
        ReplySender.sendFailure(connection, version, refusal.exitCode(), refusal.getMessage());
        log.status(refusal.exitCode().code() << 8);
        return end(
                refusal.exitCode() == ExitCode.COMPILER_MISSING ? JobOutcome.COMPILER_MISSING : JobOutcome.REFUSED,
                refusal.getMessage());
    }

    private End requestTimedOut() {
        return end(
                JobOutcome.REQUEST_TIMEOUT,
                "request not received within " + config.requestTimeout().toSeconds() + " s");
    }

    /** Stages 4 and 5: wait for a compile slot, run the compiler, reply. */
    private End compileAndReply(JobReceiver receiver, ProtocolVersion version, Checked checked, JobDir dir)
            throws IOException {
        CompileCommand command = checked.command();
        var watch = ClientWatch.start(receiver.rest(), "watch-" + number);
        int status;
        try {
            config.compileSlots().acquire();
            try {
                RunningCompiler compiler = config.runner()
                        .start(checked.compiler(), command, dir.work(), dir.tmp(), dir.stdout(), dir.stderr());
                dir.running(compiler);
                status = compiler.waitStatus(config.jobLifetime());
                if (status < 0) {
                    compiler.kill();
                }
            } finally {
                config.compileSlots().release();
            }
        } catch (InterruptedException e) {
            // Only the watch interrupts a job: the client is gone. Kill now, not at the next poll.
            dir.close();
            return end(JobOutcome.CLIENT_GONE, "compiler killed");
        }
        if (!watch.finish()) {
            dir.close();
            return end(JobOutcome.CLIENT_GONE, null);
        }
        if (status < 0) {
            ReplySender.sendFailure(
                    connection,
                    version,
                    ExitCode.TIMEOUT,
                    "compile of '" + command.source() + "' exceeded --job-lifetime of "
                            + config.jobLifetime().toSeconds() + " s and was killed");
            log.status(ExitCode.TIMEOUT.code() << 8);
            return end(JobOutcome.TIMEOUT, null);
        }
        log.status(status);
        Path object = dir.work().resolve(command.outputName());
        if (status == 0 && !Files.isRegularFile(object, LinkOption.NOFOLLOW_LINKS)) {
            // As distcc 3.4: no reply, so the client treats it as a host failure and retries.
            return end(JobOutcome.NO_OUTPUT, "the compiler succeeded but wrote no " + command.outputName());
        }
        var replyDeadline = PhaseDeadline.arm(connection, config.requestTimeout());
        try {
            ReplySender.sendResult(
                    connection, version, status, dir, command.inputName(), object, config.maxCapturedOutput());
        } catch (IOException e) {
            return end(
                    JobOutcome.IO_ERROR,
                    replyDeadline.expired()
                            ? "reply not read within " + config.requestTimeout().toSeconds() + " s"
                            : e.toString());
        } finally {
            replyDeadline.close();
        }
        return end(status == 0 ? JobOutcome.OK : JobOutcome.COMPILE_FAILED, null);
    }

    /**
     * jdistcc's source mode: the original sources and headers arrive as a tree, the compiler runs on
     * them rooted in the job directory (docs/fidelity.md). The same compiler allow-list and option
     * policy as for preprocessed sources decide first; a refused job's rest is not read, so the
     * client sees a reset or the refusal and compiles elsewhere.
     */
    private End serveSources(JobReceiver receiver, PhaseDeadline deadline, Request request) throws IOException {
        Checked checked;
        try {
            checked = check(request);
        } catch (Refusal refusal) {
            return refused(request.version(), refusal);
        }
        try (JobDir dir = config.jobDirs().create()) {
            SourceRequest sources;
            try {
                sources = SourceRequest.read(
                        request, receiver.reader(), dir.work(), config.limits().maxBodySize());
            } catch (IOException e) {
                return endReceiveFailure(e, deadline);
            }
            if (!deadline.disarm()) {
                return requestTimedOut();
            }
            var watch = ClientWatch.start(receiver.rest(), "watch-" + number);
            org.jdistcc.protocol.Reply reply;
            try {
                config.compileSlots().acquire();
                try {
                    reply = config.sourceMode().compile(sources, checked.compiler(), config.jobLifetime());
                } finally {
                    config.compileSlots().release();
                }
            } catch (InterruptedException e) {
                dir.close();
                return end(JobOutcome.CLIENT_GONE, "compiler killed");
            } catch (java.util.concurrent.TimeoutException e) {
                watch.finish();
                ReplySender.sendFailure(
                        connection,
                        request.version(),
                        ExitCode.TIMEOUT,
                        "compile exceeded --job-lifetime of "
                                + config.jobLifetime().toSeconds() + " s and was killed");
                log.status(ExitCode.TIMEOUT.code() << 8);
                return end(JobOutcome.TIMEOUT, null);
            } catch (ProtocolException e) {
                watch.finish();
                ReplySender.sendFailure(connection, request.version(), ExitCode.ACCESS_DENIED, e.getMessage());
                log.status(ExitCode.ACCESS_DENIED.code() << 8);
                return end(JobOutcome.REFUSED, e.getMessage());
            }
            if (!watch.finish()) {
                return end(JobOutcome.CLIENT_GONE, null);
            }
            log.status(reply.waitStatus());
            try (var replyDeadline = PhaseDeadline.arm(connection, config.requestTimeout())) {
                ReplySender.send(connection, reply);
            }
            return end(reply.succeeded() ? JobOutcome.OK : JobOutcome.COMPILE_FAILED, "source mode");
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
