package org.jdistcc.daemon.zeroconf;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.common.dns.DistccService;
import org.jdistcc.common.dns.DnsMessage;
import org.jdistcc.common.dns.DnsQuestion;
import org.jdistcc.common.dns.DnsReader;
import org.jdistcc.common.dns.DnsRecord;
import org.jdistcc.common.dns.DnsWriter;
import org.jdistcc.common.dns.Mdns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multicast DNS responder for this volunteer's {@link ServiceRecords} (RFC 6762): it probes its
 * names first and takes {@code "distcc@HOST #2"} and so on when another machine answers for them,
 * as avahi does; announces twice; answers queries, legacy unicast ones (from a port other than
 * 5353, as our client's browse) by unicast with TTLs of at most 10 s (section 6.7), others by
 * multicast at most once a second per question (section 6); and says goodbye on close. It binds
 * port 5353 shared ({@code SO_REUSEADDR}, {@code SO_REUSEPORT}), so an avahi-daemon there keeps working.
 */
public final class MdnsResponder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MdnsResponder.class);
    private static final int PROBES = 3;
    private static final long PROBE_INTERVAL_MS = 250;
    private static final int MAX_RENAMES = 10;
    private static final long LEGACY_TTL = 10;

    private final MulticastSocket socket;
    private final List<NetworkInterface> interfaces;
    private final Object sending = new Object();
    private final Map<String, Long> lastMulticast = new HashMap<>();
    private volatile ServiceRecords records;
    private volatile boolean closed;
    private Thread loop;

    /** What the daemon announces. {@code listen}: {@code --listen}, or null for every address. */
    public record Announcement(int port, int cpus, int jobs, String version, InetAddress listen, String cc) {}

    private MdnsResponder(MulticastSocket socket, List<NetworkInterface> interfaces) {
        this.socket = socket;
        this.interfaces = interfaces;
    }

    /** Probes, announces and answers from then on, on a thread of its own; fails when no interface speaks multicast. */
    public static MdnsResponder start(Announcement what) throws IOException, InterruptedException {
        return start(what, Mdns.interfaces());
    }

    /** On {@code interfaces} only: the tests' loopback, where multicast never leaves the machine. */
    static MdnsResponder start(Announcement what, List<NetworkInterface> interfaces)
            throws IOException, InterruptedException {
        if (interfaces.isEmpty()) {
            throw new IOException("no network interface that is up and multicast-capable, besides loopback");
        }
        var socket = new MulticastSocket(null);
        try {
            socket.setReuseAddress(true);
            if (socket.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            socket.bind(new InetSocketAddress(Mdns.GROUP.getPort()));
            socket.setTimeToLive(255);
            for (NetworkInterface nif : interfaces) {
                socket.joinGroup(Mdns.GROUP, nif);
            }
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        var responder = new MdnsResponder(socket, interfaces);
        try {
            responder.claimNames(what);
        } catch (IOException | InterruptedException | RuntimeException e) {
            socket.close();
            throw e;
        }
        responder.loop = Thread.ofPlatform().daemon().name("mdns-responder").start(responder::serve);
        try {
            responder.announce();
        } catch (IOException e) {
            responder.close();
            throw e;
        }
        return responder;
    }

    /** The instance name announced, after any clash. */
    public String instance() {
        return records.instance;
    }

    /** RFC 6762 section 8.1: three probes 250 ms apart; a name someone else answers for is changed. */
    private void claimNames(Announcement what) throws IOException, InterruptedException {
        String host = hostname();
        DistccService.CcFacts cc = DistccService.ofCompiler(what.cc());
        List<String> txt = DistccService.txt(what.cpus(), what.jobs(), what.version(), cc);
        List<InetAddress> addresses = addresses(what.listen());
        for (int n = 1; n <= MAX_RENAMES; n++) {
            String label = "distcc@" + host + (n == 1 ? "" : " #" + n);
            String hostLabel = "jdistccd-" + host.replaceAll("[^A-Za-z0-9-]", "-") + (n == 1 ? "" : "-" + n);
            var candidate = new ServiceRecords(label, hostLabel, what.port(), txt, cc, addresses);
            if (!taken(candidate)) {
                records = candidate;
                log.info("zeroconf: announcing {} on port {} ({})", candidate.instance, what.port(), addresses);
                return;
            }
            log.info("zeroconf: {} is taken on the network; trying another name", candidate.instance);
        }
        throw new IOException("zeroconf: " + MAX_RENAMES + " names tried, each taken on the network");
    }

    private boolean taken(ServiceRecords candidate) throws IOException, InterruptedException {
        var probe = new DnsMessage(
                0,
                0,
                List.of(
                        new DnsQuestion(candidate.instance, DnsRecord.TYPE_ANY, true),
                        new DnsQuestion(candidate.target, DnsRecord.TYPE_ANY, true)),
                List.of(),
                List.of());
        byte[] buffer = new byte[DnsReader.MAX_MESSAGE];
        for (int i = 0; i < PROBES; i++) {
            multicast(DnsWriter.write(probe));
            long deadline = System.nanoTime() + PROBE_INTERVAL_MS * 1_000_000;
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                var packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                try {
                    DnsMessage m = DnsReader.read(buffer, packet.getLength());
                    if (m.isResponse()
                            && m.records().stream()
                                    .anyMatch(r -> r.name().equalsIgnoreCase(candidate.instance)
                                            || r.name().equalsIgnoreCase(candidate.target))) {
                        return true;
                    }
                } catch (DnsReader.Malformed e) {
                    // not for us
                }
            }
        }
        return false;
    }

    private void serve() {
        byte[] buffer = new byte[DnsReader.MAX_MESSAGE];
        while (!closed) {
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.setSoTimeout(1000);
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("zeroconf: stopped answering: {}", e.getMessage());
                }
                return;
            }
            try {
                DnsMessage m = DnsReader.read(buffer, packet.getLength());
                if (!m.isResponse() && (m.flags() & 0x7800) == 0) { // a standard query (opcode 0)
                    answer(m, (InetSocketAddress) packet.getSocketAddress());
                }
            } catch (DnsReader.Malformed e) {
                log.debug(
                        "zeroconf: ignoring a malformed datagram from {}: {}",
                        packet.getSocketAddress(),
                        e.getMessage());
            } catch (IOException | RuntimeException e) {
                log.debug("zeroconf: could not answer {}: {}", packet.getSocketAddress(), e.getMessage());
            }
        }
    }

    private void answer(DnsMessage query, InetSocketAddress from) throws IOException {
        boolean legacy = from.getPort() != Mdns.GROUP.getPort();
        List<DnsRecord> answers = new ArrayList<>();
        List<DnsRecord> additional = new ArrayList<>();
        List<DnsQuestion> answered = new ArrayList<>();
        boolean unicast = legacy;
        for (DnsQuestion q : query.questions()) {
            ServiceRecords.Reply reply = records.answer(q);
            if (!reply.isEmpty()) {
                answers.addAll(reply.answers());
                additional.addAll(reply.additional());
                answered.add(q);
                unicast |= q.unicastResponse();
            }
        }
        if (answers.isEmpty()) {
            return;
        }
        var reply = new ServiceRecords.Reply(answers, additional);
        if (legacy) {
            // Section 6.7: the query's id and question repeated, TTLs of at most 10 s, no cache-flush bits.
            var message = new DnsMessage(
                    query.id(),
                    DnsMessage.FLAG_RESPONSE | DnsMessage.FLAG_AUTHORITATIVE,
                    query.questions(),
                    reply.answers().stream()
                            .map(r -> ServiceRecords.withTtlAtMost(r, LEGACY_TTL))
                            .toList(),
                    reply.additional().stream()
                            .map(r -> ServiceRecords.withTtlAtMost(r, LEGACY_TTL))
                            .toList());
            send(DnsWriter.write(message), from);
            return;
        }
        var message = new DnsMessage(
                0,
                DnsMessage.FLAG_RESPONSE | DnsMessage.FLAG_AUTHORITATIVE,
                List.of(),
                reply.answers(),
                reply.additional());
        byte[] bytes = DnsWriter.write(message, true);
        if (unicast) {
            send(bytes, from);
        } else if (mayMulticast(answered)) {
            multicast(bytes);
        }
    }

    /** Section 6: a record is multicast on an interface at most once a second. */
    private boolean mayMulticast(List<DnsQuestion> questions) {
        long now = System.nanoTime();
        String key = questions.stream()
                .map(q -> q.name().toLowerCase(java.util.Locale.ROOT) + "/" + q.type())
                .toList()
                .toString();
        synchronized (lastMulticast) {
            if (lastMulticast.size() > 256) {
                lastMulticast.clear();
            }
            Long last = lastMulticast.get(key);
            if (last != null && now - last < 1_000_000_000L) {
                return false;
            }
            lastMulticast.put(key, now);
            return true;
        }
    }

    /** Section 8.3: two announcements a second apart, the second on a thread so the daemon starts at once. */
    private void announce() throws IOException {
        byte[] bytes = unsolicited(false);
        multicast(bytes);
        Thread.ofVirtual().name("mdns-announce").start(() -> {
            try {
                Thread.sleep(1000);
                if (!closed) {
                    multicast(bytes);
                }
            } catch (IOException | InterruptedException e) {
                // the first announcement went out; queries are answered either way
            }
        });
    }

    private byte[] unsolicited(boolean goodbye) {
        return DnsWriter.write(
                new DnsMessage(
                        0,
                        DnsMessage.FLAG_RESPONSE | DnsMessage.FLAG_AUTHORITATIVE,
                        List.of(),
                        records.all(goodbye),
                        List.of()),
                true);
    }

    private void multicast(byte[] bytes) throws IOException {
        synchronized (sending) {
            for (NetworkInterface nif : interfaces) {
                socket.setNetworkInterface(nif);
                socket.send(new DatagramPacket(bytes, bytes.length, Mdns.GROUP));
            }
        }
    }

    private void send(byte[] bytes, InetSocketAddress to) throws IOException {
        synchronized (sending) {
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        }
    }

    /** Section 10.1: a goodbye (TTL 0), so that browsers forget this volunteer at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (records != null) {
                multicast(unsolicited(true));
            }
        } catch (IOException e) {
            log.debug("zeroconf: no goodbye sent: {}", e.getMessage());
        }
        closed = true;
        socket.close();
        if (loop != null) {
            loop.interrupt();
        }
    }

    private List<InetAddress> addresses(InetAddress listen) {
        if (listen != null && !listen.isAnyLocalAddress()) {
            return List.of(listen);
        }
        List<InetAddress> all = new ArrayList<>();
        interfaces.forEach(nif -> all.addAll(Mdns.ipv4(nif)));
        return all.subList(0, Math.min(all.size(), 16));
    }

    /** gethostname(2), as 3.4 names its instance; read from the kernel, never looked up in DNS. */
    static String hostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII)
                    .strip();
            if (!name.isEmpty() && name.length() <= 63) {
                return name;
            }
        } catch (IOException e) {
            // not Linux
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env.strip();
    }
}
