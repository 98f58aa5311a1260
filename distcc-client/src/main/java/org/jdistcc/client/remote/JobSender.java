package org.jdistcc.client.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.common.ExitCode;
import org.jdistcc.common.io.CountingInputStream;
import org.jdistcc.common.io.CountingOutputStream;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.Manifest;
import org.jdistcc.protocol.Message;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.Need;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.Reply;
import org.jdistcc.protocol.Request;
import org.jdistcc.protocol.Token;

/**
 * Sends one compile to one volunteer: the only place the client opens connections. The request
 * head goes out at once, while the local preprocessor may still run (as distcc 3.4 does); the
 * source follows when it is ready. Mirrors the daemon's {@code serving/JobReceiver}.
 */
public final class JobSender {
    /** The most a chunk of a streamed source holds: what a pipe gives at once is usually far less. */
    private static final int CHUNK = 256 * 1024;

    private final Timeouts timeouts;
    private final Limits limits;
    private final ReplyObserver replies;
    private final java.util.Set<Job> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    private final Links links;

    /** A sender for plaintext and SSH volunteers only: a host marked {@code ,tls} fails. */
    public JobSender(Timeouts timeouts, String sshCommand, Limits limits) {
        this(timeouts, sshCommand, limits, null);
    }

    /** @param tls what connections to hosts marked {@code ,tls} need; null for none */
    public JobSender(Timeouts timeouts, String sshCommand, Limits limits, ClientTls tls) {
        this(timeouts, sshCommand, limits, tls, (host, bytes, nanos) -> {});
    }

    /** @param replies told how each compile's reply arrived */
    public JobSender(Timeouts timeouts, String sshCommand, Limits limits, ClientTls tls, ReplyObserver replies) {
        this.timeouts = timeouts;
        this.limits = limits;
        this.links = new Links(timeouts, sshCommand, tls);
        this.replies = replies;
    }

    /** A connection with its request head sent. */
    public final class Job implements AutoCloseable {
        private final Link link;
        private final ProtocolVersion version;
        private final HostSpec host;
        private final String where;
        private final CountingInputStream in;
        private final ReadClock clock;
        /** What {@link #in} had counted when the reply began. */
        private long replyStart;

        private final CountingOutputStream out;

        private Job(Link link, ProtocolVersion version, HostSpec host) {
            this.link = link;
            this.version = version;
            this.host = host;
            this.where = host.toString();
            this.in = new CountingInputStream(link.in());
            this.clock = new ReadClock(in);
            this.out = new CountingOutputStream(link.out());
        }

        /** Bytes sent to the volunteer so far, as they went on the wire (compressed). */
        public long bytesSent() {
            return out.count();
        }

        /** Bytes received from the volunteer so far. */
        public long bytesReceived() {
            return in.count();
        }

        /** Waits for the reply's first byte: the volunteer has finished compiling. */
        public void awaitReply() throws RemoteFailure {
            try {
                in.awaitByte();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        public void sendSource(Payload preprocessed) throws RemoteFailure {
            try {
                MessageWriter.writePayload(out, Token.DOTI, version.compression(), preprocessed);
                out.flush();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        /**
         * Sends the preprocessed source as {@code text} gives it ({@link
         * ProtocolVersion#FEATURE_SOURCE_CHUNKS}): what has arrived goes out as a chunk whenever nothing
         * more is waiting or a chunk is full, so the volunteer's compiler reads it while the preprocessor
         * still writes. The end follows only by {@link #endSource}, once the preprocessor has succeeded;
         * without it the volunteer compiles nothing.
         *
         * @return the bytes read from {@code text}, all sent
         * @throws IOException when {@code text} cannot be read: this machine's fault, not the volunteer's
         */
        public long sendSourceChunks(InputStream text) throws IOException, RemoteFailure {
            byte[] buffer = new byte[CHUNK];
            long total = 0;
            int filled = 0;
            while (true) {
                int n = text.read(buffer, filled, buffer.length - filled);
                if (n > 0) {
                    filled += n;
                    total += n;
                }
                if (filled > 0 && (n < 0 || filled == buffer.length || text.available() == 0)) {
                    try {
                        MessageWriter.writeChunk(out, Token.DOTI, version.compression(), buffer, filled);
                        out.flush();
                    } catch (IOException e) {
                        throw failure(e);
                    }
                    filled = 0;
                }
                if (n < 0) {
                    return total;
                }
            }
        }

        /** The end of a source sent by {@link #sendSourceChunks}: the volunteer may now finish. */
        public void endSource() throws RemoteFailure {
            try {
                MessageWriter.writeChunkEnd(out, Token.DOTI);
                out.flush();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        /** Source mode: the compiler's environment and every input by digest, after the head. */
        public void sendManifest(List<String> environment, Manifest manifest) throws RemoteFailure {
            try {
                MessageWriter.writeEnvironment(out, environment);
                MessageWriter.writeManifest(out, version.compression(), manifest);
                out.flush();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        /** Source mode: the contents the volunteer asked for ({@link Need}), in its order. */
        public void sendFiles(List<byte[]> contents) throws RemoteFailure {
            try {
                for (byte[] content : contents) {
                    MessageWriter.writePayload(out, Token.FILE, version.compression(), new Payload.Bytes(content));
                }
                out.flush();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        /**
         * Source mode: what the volunteer says after the manifest, a {@link Need} or its {@link Reply}
         * (checked as {@link #receive} checks it).
         *
         * @param entries how many entries the manifest had
         */
        public Message answer(int entries, Path objectFile, Path sideDir) throws RemoteFailure {
            Message message;
            try {
                startClock();
                message = new MessageReader(clock, limits).readNeedOrReply(version, entries, objectFile, sideDir);
            } catch (IOException e) {
                throw failure(e);
            } finally {
                clock.stop();
            }
            if (message instanceof Reply reply) {
                replies.replied(host, in.count() - replyStart, clock.nanos());
                return checked(reply);
            }
            return message;
        }

        /** Pump mode (protocol 3): the files the volunteer needs, after the head. */
        public void sendPumpEntries(List<PumpEntry> entries) throws RemoteFailure {
            try {
                MessageWriter.writePumpEntries(out, version.compression(), entries);
                out.flush();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        /**
         * The volunteer's reply. The object lands in {@code objectFile} only on success. A reply
         * whose status is one of distcc's own daemon failures is a {@link RemoteFailure}.
         */
        public Reply receive(Path objectFile, Path sideDir) throws RemoteFailure {
            Reply reply;
            try {
                startClock();
                reply = new MessageReader(clock, limits).readReply(version, objectFile, sideDir);
            } catch (IOException e) {
                throw failure(e);
            } finally {
                clock.stop();
            }
            replies.replied(host, in.count() - replyStart, clock.nanos());
            return checked(reply);
        }

        /**
         * Waits for the answer to begin (the volunteer compiles meanwhile), then times the rest: its
         * first read may hold all that had arrived by then.
         */
        private void startClock() throws IOException {
            in.awaitByte();
            replyStart = in.count();
            clock.start();
        }

        /** A reply whose status is one of distcc's own daemon failures is a {@link RemoteFailure}. */
        private Reply checked(Reply reply) throws RemoteFailure {
            if (reply.has(Reply.OTHER_COMPILER)) {
                String why = new String(
                                ((Payload.Bytes) reply.stderr()).content(), java.nio.charset.StandardCharsets.UTF_8)
                        .strip();
                throw new RemoteFailure(RemoteFailure.Kind.OTHER_COMPILER, where + ": " + why);
            }
            int signal = reply.waitStatus() & 0x7f;
            if (signal != 0) {
                throw new RemoteFailure(RemoteFailure.Kind.COMPILER_CRASHED, where + ": signal " + signal);
            }
            ExitCode daemonCode = ExitCode.of(reply.exitStatus());
            if (daemonCode != null) {
                RemoteFailure.Kind kind = switch (daemonCode) {
                    case COMPILER_MISSING -> RemoteFailure.Kind.COMPILER_MISSING;
                    case ACCESS_DENIED -> RemoteFailure.Kind.ACCESS_DENIED;
                    case BUSY -> RemoteFailure.Kind.BUSY;
                    case TIMEOUT -> RemoteFailure.Kind.TIMEOUT;
                    case IO_ERROR, TRUNCATED -> RemoteFailure.Kind.CONNECTION_DROPPED;
                    case OUT_OF_MEMORY, COMPILER_CRASHED -> RemoteFailure.Kind.COMPILER_CRASHED;
                    default -> RemoteFailure.Kind.PROTOCOL_ERROR;
                };
                throw new RemoteFailure(
                        kind,
                        where + " answered with distcc status " + daemonCode.code(),
                        reply.stderr() instanceof Payload.Bytes b ? b.content() : new byte[0]);
            }
            return reply;
        }

        private RemoteFailure failure(IOException e) {
            if (version.isJdistcc() && in.count() == 0 && !cancelled && closed(e)) {
                return RemoteFailure.dialectRefused(where + ": closed without an answer: " + e.getMessage(), e);
            }
            if (e instanceof SocketTimeoutException) {
                return new RemoteFailure(
                        RemoteFailure.Kind.TIMEOUT,
                        where + ": no progress for " + timeouts.io().toSeconds() + " s",
                        e);
            }
            if (e instanceof ProtocolException p) {
                return new RemoteFailure(
                        p.kind() == ProtocolException.Kind.TRUNCATED
                                ? RemoteFailure.Kind.CONNECTION_DROPPED
                                : RemoteFailure.Kind.PROTOCOL_ERROR,
                        where + ": " + p.getMessage(),
                        p);
            }
            return new RemoteFailure(RemoteFailure.Kind.CONNECTION_DROPPED, where + ": " + e.getMessage(), e);
        }

        /** End of stream, or the peer's reset or close under a write: not a timeout, not a bad message. */
        private static boolean closed(IOException e) {
            return e instanceof ProtocolException p
                    ? p.kind() == ProtocolException.Kind.TRUNCATED
                    : e instanceof java.io.EOFException || e instanceof java.net.SocketException;
        }

        @Override
        public void close() {
            open.remove(this);
            try {
                link.close();
            } catch (IOException ignored) {
                // the job is over either way
            }
        }
    }

    /**
     * Asks {@code host} whether it is a jdistcc daemon: its {@link Hello}, or null when it closes
     * without a word, which is what distcc 3.4's daemon does with a dialect it does not know, or says
     * nothing within the I/O timeout (a jdistcc daemon answers at once, before any slot is free).
     */
    public Hello hello(HostSpec host) throws RemoteFailure {
        try (Job job = start(host, new Request(ProtocolVersion.HELLO, List.of()))) {
            try {
                return new MessageReader(job.in, limits).readHello();
            } catch (ProtocolException e) {
                if (e.kind() == ProtocolException.Kind.TRUNCATED && job.bytesReceived() == 0) {
                    return null;
                }
                throw job.failure(e);
            } catch (IOException e) {
                if (job.bytesReceived() == 0) {
                    return null; // reset, or silence: not a jdistcc daemon
                }
                throw job.failure(e);
            }
        }
    }

    /**
     * Closes every connection this sender has open, from any thread: the thread using one fails at
     * once, and the volunteer, seeing the client leave, kills its compiler. Later starts fail too.
     * For a compile that finished here first.
     */
    public void cancel() {
        cancelled = true;
        for (Job job : open) {
            job.close();
        }
    }

    public Job start(HostSpec host, ProtocolVersion version, List<String> argv) throws RemoteFailure {
        return start(host, new Request(version, argv));
    }

    /**
     * Opens a connection and sends a request head.
     *
     * @param cwd the working directory, for source mode; else null
     * @param identity this machine's compiler identity for the volunteer to check ({@link
     *     ProtocolVersion#FEATURE_IDENTITY}), or null for no check
     */
    public Job start(HostSpec host, ProtocolVersion version, String cwd, List<String> argv, String identity)
            throws RemoteFailure {
        return start(host, new Request(version, cwd, argv, identity));
    }

    /** Opens a connection and sends a request head that carries the working directory (source and pump mode). */
    public Job start(HostSpec host, ProtocolVersion version, String cwd, List<String> argv) throws RemoteFailure {
        return start(host, new Request(version, cwd, argv));
    }

    /**
     * The next job to {@code invitation}'s host goes on its connection, in the slot the volunteer
     * keeps for it. One invitation at a time; one not used is declined by {@link #decline}.
     */
    public void invited(Invitations.Invited invitation) {
        links.invited(invitation);
    }

    /** Declines an invitation no job used (the compile went no further, or elsewhere). */
    public void decline() {
        links.decline();
    }

    private Job start(HostSpec host, Request request) throws RemoteFailure {
        ProtocolVersion version = request.version();
        Link link = links.open(host);
        var job = new Job(link, version, host);
        open.add(job);
        if (cancelled) {
            job.close();
            throw new RemoteFailure(RemoteFailure.Kind.CONNECTION_DROPPED, host + ": cancelled");
        }
        try {
            MessageWriter.writeRequest(job.out, request);
            job.out.flush();
        } catch (IOException e) {
            job.close();
            throw job.failure(e);
        }
        return job;
    }
}
