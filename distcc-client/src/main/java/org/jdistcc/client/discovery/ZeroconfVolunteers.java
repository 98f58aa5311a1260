package org.jdistcc.client.discovery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jdistcc.common.dns.DistccService;
import org.jdistcc.common.dns.DnsMessage;
import org.jdistcc.common.dns.DnsQuestion;
import org.jdistcc.common.dns.DnsReader;
import org.jdistcc.common.dns.DnsRecord;
import org.jdistcc.common.dns.DnsWriter;
import org.jdistcc.common.dns.Mdns;

/**
 * {@code +zeroconf}: a one-shot mDNS browse (RFC 6762 section 5.1) for distcc 3.4's service,
 * subtype first ({@link DistccService#subtype}, as 3.4's client browses, so jobs only go to
 * volunteers with this machine's {@code cc}), sent from a port of its own on every multicast
 * interface. Responders answer such a query by unicast (section 6.7), so nothing here binds port
 * 5353 and an avahi-daemon on this machine is left alone. Answers are gathered for a bounded
 * window, as 3.4's client waits a second for its zeroconf daemon's first results; instances whose
 * SRV, TXT or address did not come along are asked for once more.
 */
final class ZeroconfVolunteers {
    /**
     * Legacy unicast answers carry TTLs of at most 10 s (RFC 6762 section 6.7); without a
     * listener to hear goodbyes, what a browse found is kept this long, and a volunteer that left
     * meanwhile costs one failed connection and its backoff.
     */
    static final Duration TTL = Duration.ofSeconds(30);

    static final int MAX_INSTANCES = 64;
    private static final Duration FOLLOW_UP = Duration.ofMillis(400);

    private final Duration window;
    private final RandomGenerator random;

    ZeroconfVolunteers(Duration window, RandomGenerator random) {
        this.window = window;
        this.random = random;
    }

    /** @param service the PTR name browsed: a subtype or {@link DistccService#TYPE} */
    Expansion browse(String word, String service) {
        List<NetworkInterface> interfaces = Mdns.interfaces();
        if (interfaces.isEmpty()) {
            return Expansion.failed(word + ": no network interface to browse for volunteers on");
        }
        var found = new Answers(service);
        try (var socket = new MulticastSocket(0)) {
            socket.setTimeToLive(255); // RFC 6762 section 11
            int id = 1 + random.nextInt(0xFFFF);
            var ptr = List.of(new DnsQuestion(service, DnsRecord.TYPE_PTR));
            send(socket, interfaces, id, ptr);
            collect(socket, id, found, window.dividedBy(3));
            send(socket, interfaces, id, ptr); // a lost datagram is not a lost volunteer
            collect(socket, id, found, window.minus(window.dividedBy(3)));
            List<DnsQuestion> missing = found.missing();
            if (!missing.isEmpty()) {
                send(socket, interfaces, id, missing);
                collect(socket, id, found, FOLLOW_UP);
            }
        } catch (IOException e) {
            return Expansion.failed(word + ": cannot browse: " + e.getMessage());
        }
        return found.volunteers(word);
    }

    private static void send(MulticastSocket socket, List<NetworkInterface> interfaces, int id, List<DnsQuestion> q)
            throws IOException {
        byte[] bytes = DnsWriter.write(new DnsMessage(id, 0, q, List.of(), List.of()));
        IOException last = null;
        int sent = 0;
        for (NetworkInterface nif : interfaces) {
            try {
                socket.setNetworkInterface(nif);
                socket.send(new DatagramPacket(bytes, bytes.length, Mdns.GROUP));
                sent++;
            } catch (IOException e) {
                last = e;
            }
        }
        if (sent == 0 && last != null) {
            throw last;
        }
    }

    private static void collect(MulticastSocket socket, int id, Answers found, Duration during) throws IOException {
        long deadline = System.nanoTime() + during.toNanos();
        byte[] buffer = new byte[DnsReader.MAX_MESSAGE];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return;
            }
            if (packet.getPort() != Mdns.GROUP.getPort()) {
                continue; // RFC 6762 section 6: answers come from port 5353
            }
            try {
                DnsMessage m = DnsReader.read(buffer, packet.getLength());
                if (m.isResponse() && (m.id() == id || m.id() == 0)) {
                    found.add(m.records());
                }
            } catch (DnsReader.Malformed e) {
                // someone else's noise
            }
        }
    }

    /** What the answers told so far, by instance and by host name; bounded. */
    private static final class Answers {
        final String service;
        final Set<String> instances = new LinkedHashSet<>();
        final Map<String, DnsRecord.Srv> srv = new LinkedHashMap<>();
        final Map<String, DnsRecord.Txt> txt = new LinkedHashMap<>();
        final Map<String, InetAddress> address = new LinkedHashMap<>();

        Answers(String service) {
            this.service = service;
        }

        void add(List<DnsRecord> records) {
            for (DnsRecord r : records) {
                String key = r.name().toLowerCase(java.util.Locale.ROOT);
                switch (r) {
                    case DnsRecord.Ptr p
                    when instances.size() < MAX_INSTANCES
                            && p.ttl() > 0
                            && p.name().equalsIgnoreCase(service) ->
                        instances.add(p.target().toLowerCase(java.util.Locale.ROOT));
                    case DnsRecord.Srv s when srv.size() < MAX_INSTANCES -> srv.put(key, s);
                    case DnsRecord.Txt t when txt.size() < MAX_INSTANCES -> txt.put(key, t);
                    case DnsRecord.Address a
                    when address.size() < MAX_INSTANCES && a.type() == DnsRecord.TYPE_A ->
                        address.putIfAbsent(key, a.address());
                    default -> {}
                }
            }
        }

        List<DnsQuestion> missing() {
            List<DnsQuestion> questions = new ArrayList<>();
            for (String instance : instances) {
                if (!srv.containsKey(instance)) {
                    questions.add(new DnsQuestion(instance, DnsRecord.TYPE_SRV));
                }
                if (!txt.containsKey(instance)) {
                    questions.add(new DnsQuestion(instance, DnsRecord.TYPE_TXT));
                }
                DnsRecord.Srv s = srv.get(instance);
                if (s != null && !address.containsKey(s.target().toLowerCase(java.util.Locale.ROOT))) {
                    questions.add(new DnsQuestion(s.target(), DnsRecord.TYPE_A));
                }
            }
            return questions.subList(0, Math.min(questions.size(), 32));
        }

        /** One word per instance, as 3.4's zeroconf hosts file has them: {@code ADDRESS:PORT/JOBS}. */
        Expansion volunteers(String word) {
            Set<String> words = new LinkedHashSet<>();
            List<String> warnings = new ArrayList<>();
            for (String instance : instances) {
                DnsRecord.Srv s = srv.get(instance);
                InetAddress a = s == null ? null : address.get(s.target().toLowerCase(java.util.Locale.ROOT));
                if (a == null) {
                    warnings.add(word + ": " + instance + " did not say where it is (no SRV or address record)");
                    continue;
                }
                words.add(DnsVolunteers.hostWord(a, s.port(), "/" + DistccService.jobs(txt.get(instance))));
            }
            return new Expansion(List.copyOf(words), warnings, TTL);
        }
    }
}
