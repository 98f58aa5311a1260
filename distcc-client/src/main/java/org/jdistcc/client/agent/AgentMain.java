package org.jdistcc.client.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import org.jdistcc.client.ClientCommand;
import org.jdistcc.client.compile.Resident;
import org.jdistcc.client.config.Settings;
import org.jdistcc.client.job.Abandoned;
import org.jdistcc.client.job.BlockingThreads;

/**
 * The resident client agent: one JVM per user and installation that runs the per-compile work
 * for {@code launcher/distcc.c}, so a compile pays a C program's start-up instead of a JVM's.
 *
 * <p>Started by the launcher (which holds a lock so that a burst of clients starts one agent) as
 * {@code AgentMain SOCKET}. It leaves when idle for {@code JDISTCC_AGENT_IDLE} seconds (default
 * 600), and at once when its socket file is deleted or replaced (a reinstall, a removed
 * {@code DISTCC_DIR}): a stale agent is never found, so it has nothing left to do.
 */
public final class AgentMain {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofSeconds(2);
    /** The launcher gives up on a silent agent after 60 s (launcher/distcc.c). */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);
    /** How long a job waits for its watcher to see the closed connection. */
    private static final Duration WATCHER_END = Duration.ofSeconds(5);

    private final Path socket;
    private final Duration idle;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final String user = System.getProperty("user.name");
    /** What the client keeps between compiles (include analysis, what volunteers hold): shared by all. */
    private final Resident resident = Resident.create();

    private AgentMain(Path socket, Duration idle) {
        this.socket = socket;
        this.idle = idle;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AgentMain SOCKET");
            System.exit(2);
        }
        new AgentMain(Path.of(args[0]), Settings.agentIdle(System.getenv())).serve();
        System.exit(0);
    }

    private void serve() throws IOException {
        if (!Files.isDirectory(socket.getParent())) {
            // The launcher made it just before starting us: gone means DISTCC_DIR was removed
            // meanwhile (a test's temp dir, say). Recreating it would leave an agent nobody asks.
            return;
        }
        // A socket file left by a killed agent: the launcher holds the start lock, so no live agent
        // listens on it.
        Files.deleteIfExists(socket);
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket), 256);
            Object ours =
                    Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
            // A platform thread: a virtual one's accept woke a carrier through the poller per compile.
            Thread.ofPlatform().daemon().name("agent-accept").start(() -> acceptLoop(server));
            while (true) {
                sleep(TICK);
                if (!stillOurs(ours)) {
                    return; // someone else's now: leave it alone
                }
                long quiet = System.nanoTime() - lastActivity.get();
                if (active.get() == 0 && quiet > idle.toNanos()) {
                    Files.deleteIfExists(socket);
                    return;
                }
            }
        }
    }

    private boolean stillOurs(Object fileKey) {
        try {
            return fileKey == null
                    || fileKey.equals(Files.readAttributes(socket, BasicFileAttributes.class)
                            .fileKey());
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                BlockingThreads.start(() -> serve(channel));
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel channel) {
        active.incrementAndGet();
        var watcherDone = new CountDownLatch(1);
        boolean watching = false;
        try (channel) {
            if (!sameUser(channel)) {
                return;
            }
            // Buffered: the request is a few hundred small length-prefixed fields, one read each otherwise.
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
            OutputStream out = Channels.newOutputStream(channel);
            AgentRequest request = readWithin(in, channel);
            var job = new AgentJob(request, new AgentReply(new java.io.BufferedOutputStream(out, 1 << 16)));
            Thread worker = Thread.currentThread();
            // The launcher sends nothing after its request: any byte or EOF means it is gone
            // (killed, or its compiler exited after an L frame).
            BlockingThreads.start(() -> {
                try {
                    in.read();
                } catch (IOException ignored) {
                    // gone either way
                }
                // After an answer the close is the normal end: the worker needs no interrupt then.
                boolean running = !job.answered();
                job.abandon();
                if (running) {
                    worker.interrupt();
                }
                watcherDone.countDown();
            });
            watching = true;
            ScheduledFuture<?> keepAlive = AgentTimer.every(KEEP_ALIVE, () -> {
                try {
                    job.keepAlive();
                } catch (IOException e) {
                    // the watcher sees the connection go
                }
            });
            int status;
            try {
                status = ClientCommand.run(
                        job,
                        request.argv0(),
                        request.args(),
                        "the client agent (pid " + ProcessHandle.current().pid() + ")",
                        resident);
            } catch (Abandoned e) {
                return;
            } catch (RuntimeException | Error e) {
                if (job.abandoned()) {
                    return;
                }
                // The launcher falls back to the cold JVM when the connection ends without an answer.
                throw e;
            } finally {
                keepAlive.cancel(false);
            }
            job.finish(status);
        } catch (IOException e) {
            // The launcher runs the cold JVM when it gets no answer.
        } finally {
            // The channel is closed now, which ends the watcher's read: wait for it, so that its
            // interrupt cannot reach the next job this pooled thread serves.
            if (watching) {
                awaitQuietly(watcherDone);
            }
            Thread.interrupted();
            lastActivity.set(System.nanoTime());
            active.decrementAndGet();
        }
    }

    private boolean sameUser(SocketChannel channel) {
        try {
            return channel.getOption(ExtendedSocketOptions.SO_PEERCRED)
                    .user()
                    .getName()
                    .equals(user);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The request arrives right after connect; a peer that stalls is dropped. */
    private static AgentRequest readWithin(InputStream in, SocketChannel channel) throws IOException {
        ScheduledFuture<?> timeout = AgentTimer.after(REQUEST_TIMEOUT, () -> {
            try {
                channel.close();
            } catch (IOException e) {
                // closed either way
            }
        });
        try {
            return AgentRequest.read(in);
        } finally {
            timeout.cancel(false);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        long deadline = System.nanoTime() + WATCHER_END.toNanos();
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // the watcher's own interrupt, arriving now: wait on
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
