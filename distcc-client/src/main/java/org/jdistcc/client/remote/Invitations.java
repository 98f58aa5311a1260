package org.jdistcc.client.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.Limits;
import org.jdistcc.protocol.MessageReader;

/**
 * Waits in several volunteers' waiting rooms at once (docs/protocol.md, <i>The waiting room</i>) and
 * takes the first invitation: one thread, one selector, non-blocking sockets, one connection per
 * volunteer. The others are closed the moment one invites, and their volunteers give the slot they
 * may have kept to the next in line.
 */
public final class Invitations {
    /** {@code DIST} with the wait bit alone. */
    private static final byte[] WAIT = "DIST6a640040".getBytes(StandardCharsets.US_ASCII);
    /** {@code DONE} and the {@code HELO} header: the length of the facts is in the last eight bytes. */
    private static final int HEADERS = 24;

    private Invitations() {}

    /**
     * An invitation taken: the volunteer keeps a compile slot for the job sent on this connection
     * ({@link JobSender#invited}), until the connection closes.
     */
    public static final class Invited implements AutoCloseable {
        private final HostSpec.Tcp host;
        private final TcpLink link;
        private final Map<String, String> facts;

        private Invited(HostSpec.Tcp host, TcpLink link, Map<String, String> facts) {
            this.host = host;
            this.link = link;
            this.facts = facts;
        }

        public HostSpec host() {
            return host;
        }

        /** What the volunteer said of itself with the invitation: its load now. */
        public Map<String, String> facts() {
            return facts;
        }

        Link link() {
            return link;
        }

        /** Declines the invitation: the volunteer gives the slot to the next in line. */
        @Override
        public void close() {
            try {
                link.close();
            } catch (IOException e) {
                // gone either way
            }
        }
    }

    /** One waiting room: its connection and what has come back so far. */
    private static final class Visit {
        final HostSpec.Tcp host;
        final SocketChannel channel;
        final ByteBuffer request = ByteBuffer.wrap(WAIT);
        ByteBuffer answer = ByteBuffer.allocate(HEADERS);

        Visit(HostSpec.Tcp host, SocketChannel channel) {
            this.host = host;
            this.channel = channel;
        }

        /** The whole answer, once it is in; null before. Throws for one that is not a hello's. */
        Hello answer() throws IOException {
            if (answer.hasRemaining()) {
                return null;
            }
            if (answer.capacity() == HEADERS) {
                int length = Integer.parseUnsignedInt(new String(answer.array(), 16, 8, StandardCharsets.US_ASCII), 16);
                if (length > Hello.MAX_FACTS) {
                    throw new IOException(host + " answered a wait with " + length + " bytes of facts");
                }
                if (length > 0) {
                    answer = ByteBuffer.allocate(HEADERS + length).put(answer.array());
                    return null;
                }
            }
            return new MessageReader(new ByteArrayInputStream(answer.array()), Limits.DEFAULT).readHello();
        }
    }

    /**
     * Waits at most {@code bound} in the rooms of {@code hosts} (plaintext jdistcc volunteers that
     * said they have one) for the first invitation. Null when none invites in time, or every room
     * said no or failed, or the thread is interrupted; nothing is left open then.
     */
    public static Invited first(List<HostSpec.Tcp> hosts, Duration bound, Timeouts timeouts) {
        long end = System.nanoTime() + bound.toNanos();
        List<Visit> visits = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (HostSpec.Tcp host : hosts) {
                Visit visit = open(host, selector, timeouts);
                if (visit != null) {
                    visits.add(visit);
                }
            }
            while (!visits.isEmpty()) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return null; // an interrupt (the compile abandoned) wakes select at once, every time
                }
                selector.select(left);
                // A copy: taking an invitation deregisters keys (selectNow) while this iterates.
                List<SelectionKey> ready = List.copyOf(selector.selectedKeys());
                selector.selectedKeys().clear();
                for (SelectionKey key : ready) {
                    Visit visit = (Visit) key.attachment();
                    Hello hello;
                    try {
                        hello = step(key, visit);
                    } catch (IOException | RuntimeException e) {
                        visits.remove(visit);
                        closeQuietly(visit.channel);
                        continue;
                    }
                    if (hello == null) {
                        continue;
                    }
                    visits.remove(visit);
                    if ("yes".equals(hello.facts().get("invited"))) {
                        key.cancel();
                        selector.selectNow(); // deregisters, so the channel may block again
                        try {
                            return new Invited(visit.host, link(visit.channel, timeouts), hello.facts());
                        } catch (IOException e) {
                            closeQuietly(visit.channel);
                            continue;
                        }
                    }
                    closeQuietly(visit.channel);
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        } finally {
            for (Visit visit : visits) {
                closeQuietly(visit.channel);
            }
        }
    }

    private static Visit open(HostSpec.Tcp host, Selector selector, Timeouts timeouts) {
        SocketChannel channel = null;
        try {
            var address = new InetSocketAddress(TcpLink.resolve(host.host(), timeouts), host.port());
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            var visit = new Visit(host, channel);
            boolean connected = channel.connect(address);
            channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, visit);
            return visit;
        } catch (IOException | RemoteFailure | RuntimeException e) {
            if (channel != null) {
                closeQuietly(channel);
            }
            return null; // that room is not there now (or its address is not one to connect to)
        }
    }

    /** Moves one room's exchange on as far as its socket allows; its answer once whole, else null. */
    private static Hello step(SelectionKey key, Visit visit) throws IOException {
        if (key.isConnectable() && visit.channel.finishConnect()) {
            key.interestOps(SelectionKey.OP_WRITE);
        }
        if (key.isValid() && key.isWritable()) {
            visit.channel.write(visit.request);
            if (!visit.request.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
        if (key.isValid() && key.isReadable()) {
            if (visit.channel.read(visit.answer) < 0) {
                throw new IOException(visit.host + " closed its waiting room");
            }
            return visit.answer();
        }
        return null;
    }

    private static TcpLink link(SocketChannel channel, Timeouts timeouts) throws IOException {
        channel.configureBlocking(true);
        Socket socket = channel.socket();
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeouts.io().toMillis()));
        return TcpLink.over(socket);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to save
        }
    }
}
