package org.jdistcc.client.discovery;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jdistcc.common.dns.DnsMessage;
import org.jdistcc.common.dns.DnsReader;
import org.jdistcc.common.dns.DnsRecord;
import org.jdistcc.common.dns.DnsWriter;

/**
 * A stub resolver for one question (RFC 1035 section 7): UDP to each name server in turn, twice
 * round, each try at most {@link #TRY} and the whole lookup at most its timeout; an answer with the
 * TC bit is asked again over TCP (RFC 7766). Unlike the JDK's resolver it returns the records'
 * TTLs and SRV records, which discovery caches by.
 */
final class DnsLookup {
    static final Duration TRY = Duration.ofSeconds(1);
    private static final int ROUNDS = 2;

    /** Why a lookup found nothing. */
    static final class Failure extends Exception {
        /** The name server said the name has no such records (NXDOMAIN, or no answer of the type). */
        final boolean notFound;

        Failure(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }
    }

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final RandomGenerator ids;

    DnsLookup(List<InetSocketAddress> servers, Duration timeout, RandomGenerator ids) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
        this.ids = ids;
    }

    /** The answer's records (answer section first), with at least one of {@code type} among them. */
    List<DnsRecord> lookup(String name, int type) throws Failure {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no name server";
        for (int round = 0; round < ROUNDS; round++) {
            for (InetSocketAddress server : servers) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Failure(
                            "no answer from " + describe() + " within " + timeout.toMillis() + " ms (" + lastProblem
                                    + ")",
                            false);
                }
                int id = ids.nextInt(0x10000);
                try {
                    DnsMessage answer = ask(server, DnsMessage.query(id, name, type), Math.min(left, TRY.toNanos()));
                    if (answer.isTruncated()) {
                        answer = askOverTcp(server, DnsMessage.query(id, name, type), deadline - System.nanoTime());
                    }
                    if (answer.rcode() == DnsMessage.RCODE_NAME_ERROR) {
                        throw new Failure(name + " does not exist (" + hostPort(server) + ")", true);
                    }
                    if (answer.rcode() != 0) {
                        lastProblem = hostPort(server) + " answered with error " + answer.rcode();
                        continue;
                    }
                    if (answer.answers().stream().noneMatch(r -> r.type() == type)) {
                        throw new Failure(
                                name + " has no " + typeName(type) + " records (" + hostPort(server) + ")", true);
                    }
                    return answer.records();
                } catch (SocketTimeoutException e) {
                    lastProblem = hostPort(server) + " did not answer";
                } catch (IOException | DnsReader.Malformed e) {
                    lastProblem = hostPort(server) + ": " + e.getMessage();
                }
            }
        }
        throw new Failure("no answer from " + describe() + " (" + lastProblem + ")", false);
    }

    private static DnsMessage ask(InetSocketAddress server, DnsMessage query, long nanos)
            throws IOException, DnsReader.Malformed {
        byte[] bytes = DnsWriter.write(query);
        long deadline = System.nanoTime() + nanos;
        try (var socket = new DatagramSocket()) {
            socket.connect(server); // only the server's datagrams are received
            socket.send(new DatagramPacket(bytes, bytes.length));
            byte[] buffer = new byte[DnsReader.MAX_MESSAGE];
            while (true) {
                int millis = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (deadline - System.nanoTime() <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout(millis);
                var packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                DnsMessage answer;
                try {
                    answer = DnsReader.read(buffer, packet.getLength());
                } catch (DnsReader.Malformed e) {
                    continue; // not the answer: wait for it
                }
                if (answer.isResponse() && answer.id() == query.id() && sameQuestion(answer, query)) {
                    return answer;
                }
            }
        }
    }

    /** RFC 1035 section 4.2.2: the message after a two-byte length, on a connection of its own. */
    private static DnsMessage askOverTcp(InetSocketAddress server, DnsMessage query, long nanos)
            throws IOException, DnsReader.Malformed {
        int millis = (int) Math.max(1, nanos / 1_000_000);
        byte[] bytes = DnsWriter.write(query);
        try (var socket = new Socket()) {
            socket.connect(server, millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) (bytes.length >>> 8), (byte) bytes.length});
            out.write(bytes);
            out.flush();
            var in = new DataInputStream(socket.getInputStream());
            int length = in.readUnsignedShort();
            if (length > DnsReader.MAX_MESSAGE) {
                throw new IOException("TCP answer of " + length + " bytes");
            }
            byte[] answer = in.readNBytes(length);
            if (answer.length != length) {
                throw new IOException("TCP answer cut short");
            }
            return DnsReader.read(answer, length);
        }
    }

    /** RFC 5452: the answer repeats the question; names compare without case (RFC 4343). */
    private static boolean sameQuestion(DnsMessage answer, DnsMessage query) {
        return answer.questions().size() == 1
                && answer.questions().getFirst().type()
                        == query.questions().getFirst().type()
                && answer.questions()
                        .getFirst()
                        .name()
                        .equalsIgnoreCase(query.questions().getFirst().name());
    }

    private String describe() {
        return servers.stream().map(DnsLookup::hostPort).toList().toString();
    }

    private static String hostPort(InetSocketAddress server) {
        return server.getAddress().getHostAddress() + ":" + server.getPort();
    }

    static String typeName(int type) {
        return switch (type) {
            case DnsRecord.TYPE_A -> "A";
            case DnsRecord.TYPE_AAAA -> "AAAA";
            case DnsRecord.TYPE_SRV -> "SRV";
            default -> "type " + type;
        };
    }
}
