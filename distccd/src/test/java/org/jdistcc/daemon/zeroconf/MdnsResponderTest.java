package org.jdistcc.daemon.zeroconf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.util.List;
import java.util.function.Predicate;
import org.jdistcc.common.dns.DistccService;
import org.jdistcc.common.dns.DnsMessage;
import org.jdistcc.common.dns.DnsQuestion;
import org.jdistcc.common.dns.DnsReader;
import org.jdistcc.common.dns.DnsRecord;
import org.jdistcc.common.dns.DnsWriter;
import org.jdistcc.common.dns.Mdns;
import org.junit.jupiter.api.Test;

/**
 * The responder on the loopback interface only (multicast there never leaves the machine), asked
 * as our client asks (one-shot, from a port of its own) and as avahi asks (from port 5353, answered
 * by multicast), with its announcement and its goodbye heard by a listener on the group.
 */
class MdnsResponderTest {
    private static final int BOUND_MS = 5000;

    @Test
    void announcesAnswersAndSaysGoodbyeOnTheInterfacesItIsGiven() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        try (var listener = new MulticastSocket(null)) {
            listener.setReuseAddress(true);
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            listener.bind(new InetSocketAddress(Mdns.GROUP.getPort()));
            listener.joinGroup(Mdns.GROUP, lo);
            listener.setNetworkInterface(lo);
            var what = new MdnsResponder.Announcement(3632, 2, 4, "0.1.0", InetAddress.getLoopbackAddress(), "gcc");
            MdnsResponder responder = MdnsResponder.start(what, List.of(lo));
            String instance = responder.instance();
            try {
                assertTrue(instance.startsWith("distcc@"), instance);
                DnsMessage announced = await(
                        listener,
                        m -> m.isResponse()
                                && m.answers().stream()
                                        .anyMatch(r -> r instanceof DnsRecord.Ptr p
                                                && p.target().equals(instance)));
                assertTrue(announced.answers().stream().allMatch(r -> r.ttl() > 0), announced.toString());

                // Our client's one-shot query: answered by unicast, its id and question repeated.
                try (var asker = new MulticastSocket(0)) {
                    asker.setNetworkInterface(lo);
                    var question = new DnsQuestion(DistccService.TYPE, DnsRecord.TYPE_PTR);
                    byte[] query = DnsWriter.write(new DnsMessage(0x4242, 0, List.of(question), List.of(), List.of()));
                    asker.send(new DatagramPacket(query, query.length, Mdns.GROUP));
                    DnsMessage answer = await(asker, DnsMessage::isResponse);
                    assertEquals(0x4242, answer.id());
                    assertEquals(List.of(question), answer.questions());
                    assertEquals(
                            new DnsRecord.Ptr(DistccService.TYPE, 10, instance),
                            answer.answers().getFirst());
                    assertTrue(answer.records().stream().allMatch(r -> r.ttl() <= 10), "legacy unicast: 10 s at most");
                    var srv = (DnsRecord.Srv) answer.additionals().stream()
                            .filter(r -> r instanceof DnsRecord.Srv)
                            .findFirst()
                            .orElseThrow();
                    assertEquals(3632, srv.port());
                    var txt = (DnsRecord.Txt) answer.additionals().stream()
                            .filter(r -> r instanceof DnsRecord.Txt)
                            .findFirst()
                            .orElseThrow();
                    assertEquals(4, DistccService.jobs(txt));
                    assertTrue(answer.additionals()
                            .contains(new DnsRecord.Address(srv.target(), 10, InetAddress.getLoopbackAddress())));
                }

                // avahi's kind of query, from port 5353: answered on the group.
                var subtype =
                        new DnsQuestion(DistccService.subtype(DistccService.ofCompiler("gcc")), DnsRecord.TYPE_PTR);
                byte[] query = DnsWriter.write(new DnsMessage(0, 0, List.of(subtype), List.of(), List.of()));
                listener.send(new DatagramPacket(query, query.length, Mdns.GROUP));
                DnsMessage multicast = await(
                        listener,
                        m -> m.isResponse()
                                && m.answers().stream().anyMatch(r -> r.name().equals(subtype.name())));
                assertEquals(0, multicast.id());
            } finally {
                responder.close();
            }
            DnsMessage goodbye = await(
                    listener,
                    m -> m.isResponse()
                            && !m.answers().isEmpty()
                            && m.answers().stream().allMatch(r -> r.ttl() == 0));
            assertTrue(goodbye.answers().stream().anyMatch(r -> r.name().equals(instance)), goodbye.toString());
        }
    }

    /** The first message on {@code socket} that {@code wanted} accepts, within the bound. */
    private static DnsMessage await(MulticastSocket socket, Predicate<DnsMessage> wanted) throws Exception {
        long deadline = System.currentTimeMillis() + BOUND_MS;
        byte[] buffer = new byte[DnsReader.MAX_MESSAGE];
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("no such message within " + BOUND_MS + " ms");
            }
            socket.setSoTimeout((int) left);
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            DnsMessage m = DnsReader.read(buffer, packet.getLength());
            if (wanted.test(m)) {
                return m;
            }
        }
    }
}
