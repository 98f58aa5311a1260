package org.jdistcc.client.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The name servers discovery asks: {@code JDISTCC_DNS_SERVER} (for tests and for a site whose
 * volunteers' records live on a server the resolver does not ask), else the {@code nameserver}
 * lines of {@code /etc/resolv.conf}, at most three as glibc's MAXNS.
 */
final class NameServers {
    static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    static final int MAX_SERVERS = 3;
    private static final int MAX_RESOLV_CONF = 64 * 1024;

    private NameServers() {}

    /** A value of {@code JDISTCC_DNS_SERVER} that does not parse, said with what is wrong. */
    static final class BadServer extends Exception {
        BadServer(String message) {
            super(message);
        }
    }

    /**
     * @param variable {@code JDISTCC_DNS_SERVER}: {@code ADDRESS[:PORT]} or {@code [IPV6]:PORT},
     *     several separated by commas; null or empty for the resolver's
     */
    static List<InetSocketAddress> of(String variable, Path resolvConf) throws BadServer {
        if (variable != null && !variable.isBlank()) {
            List<InetSocketAddress> servers = new ArrayList<>();
            for (String one : variable.split(",")) {
                servers.add(parse(one.strip()));
            }
            return List.copyOf(servers.subList(0, Math.min(servers.size(), MAX_SERVERS)));
        }
        return fromResolvConf(resolvConf);
    }

    static InetSocketAddress parse(String text) throws BadServer {
        String host = text;
        int port = 53;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new BadServer("JDISTCC_DNS_SERVER: missing ']' in '" + text + "'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                port = port(rest, text);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(text.substring(text.indexOf(':')), text);
        }
        return new InetSocketAddress(literal(host, text), port);
    }

    private static int port(String colonPort, String text) throws BadServer {
        try {
            int port = Integer.parseInt(colonPort.substring(1));
            if (colonPort.startsWith(":") && port > 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadServer("JDISTCC_DNS_SERVER: bad port in '" + text + "' (ADDRESS:PORT)");
    }

    /** An address literal only: looking a name server's name up would need a name server. */
    private static InetAddress literal(String host, String text) throws BadServer {
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new BadServer("JDISTCC_DNS_SERVER: '" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BadServer("JDISTCC_DNS_SERVER: '" + text + "' is not an IP address");
        }
    }

    private static List<InetSocketAddress> fromResolvConf(Path file) {
        List<InetSocketAddress> servers = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            String text = new String(in.readNBytes(MAX_RESOLV_CONF), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length >= 2 && fields[0].equals("nameserver") && servers.size() < MAX_SERVERS) {
                    try {
                        servers.add(new InetSocketAddress(literal(fields[1].replaceAll("%.*", ""), fields[1]), 53));
                    } catch (BadServer e) {
                        // resolv(5) skips what it cannot read too
                    }
                }
            }
        } catch (IOException e) {
            // no resolv.conf: glibc then asks the local machine
        }
        if (servers.isEmpty()) {
            servers.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
        }
        return List.copyOf(servers);
    }
}
