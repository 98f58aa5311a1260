package org.jdistcc.client.hosts;

import java.util.ArrayList;
import java.util.List;
import org.jdistcc.protocol.Compression;

/**
 * Parses distcc 3.4's host list grammar ({@code src/hosts.c}, docs in PROTOCOL.md section 5).
 * Parsing only: choosing among hosts is {@code scheduling}'s business.
 */
public final class HostListParser {
    static final int DEFAULT_PORT = 3632;
    static final int DEFAULT_TCP_LIMIT = 4;
    static final int DEFAULT_SSH_LIMIT = 4;
    static final int DEFAULT_LOCAL_SLOTS_CPP = 8;

    private final int cpus;

    /** @param cpus this machine's processor count: localhost's default limit (distcc says 2). */
    public HostListParser(int cpus) {
        this.cpus = cpus;
    }

    /** The list with its discovery words ({@code +zeroconf}, {@code +srv=}, {@code +addresses=}) left as warnings. */
    public HostList parse(String text, String source) throws HostListException {
        return parse(text, source, DiscoveryWord.Discoverer.NONE);
    }

    /** The list with each discovery word replaced, where it stands, by the volunteers {@code discoverer} finds. */
    public HostList parse(String text, String source, DiscoveryWord.Discoverer discoverer) throws HostListException {
        List<HostSpec> hosts = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        int listedSlots = 0;
        List<String> warnings = new ArrayList<>();
        boolean randomize = false;
        int localSlots = cpus;
        int localSlotsCpp = DEFAULT_LOCAL_SLOTS_CPP;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (isSpace(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && !isSpace(text.charAt(i)) && text.charAt(i) != '#') {
                i++;
            }
            String word = text.substring(start, i);
            if (word.equals("--randomize")) {
                randomize = true;
            } else if (word.startsWith("--localslots_cpp")) {
                localSlotsCpp = slotCount(word, "--localslots_cpp", source, start);
            } else if (word.startsWith("--localslots")) {
                localSlots = slotCount(word, "--localslots", source, start);
            } else if (DiscoveryWords.isDiscovery(word)) {
                DiscoveryWord discovery = DiscoveryWords.parse(withoutAuth(word), source, start, this);
                if (!withoutAuth(word).equals(word) || isDown(word)) {
                    listed.add(word); // shown, never looked up: as a host marked so
                    if (!withoutAuth(word).equals(word)) {
                        warnings.add(
                                source + ": skipping '" + word + "': GSS-API authentication (,auth) is not supported");
                    }
                    continue;
                }
                DiscoveryWord.Found found = discoverer.find(discovery);
                found.warnings().forEach(w -> warnings.add(source + ": " + w));
                for (String each : found.words()) {
                    try {
                        HostSpec host = parseHost(each, source, start);
                        listed.add(each);
                        listedSlots += host.limit();
                        hosts.add(host);
                        words.add(each);
                    } catch (HostListException e) {
                        warnings.add(
                                source + ": " + word + " found '" + each + "', which is not a host: " + e.getMessage());
                    }
                }
            } else {
                HostSpec host = parseHost(withoutAuth(word), source, start);
                listed.add(word);
                listedSlots += host.limit();
                if (!withoutAuth(word).equals(word)) {
                    // distcc 3.4 would authenticate with GSS-API; sending such a host our jobs
                    // unauthenticated would be wrong, and failing the whole list would idle the rest.
                    warnings.add(source + ": skipping '" + word + "': GSS-API authentication (,auth) is not supported");
                } else if (!isDown(word)) {
                    hosts.add(host);
                    words.add(word);
                }
            }
        }
        return new HostList(hosts, words, listed, listedSlots, randomize, localSlots, localSlotsCpp, warnings);
    }

    /** The word without its {@code ,auth} and {@code ,auth=NAME} options. */
    private static String withoutAuth(String word) {
        String[] parts = word.split(",", -1);
        var kept = new StringBuilder(parts[0]);
        for (int k = 1; k < parts.length; k++) {
            if (!parts[k].equals("auth") && !parts[k].startsWith("auth=")) {
                kept.append(',').append(parts[k]);
            }
        }
        return kept.toString();
    }

    /** distcc 3.4 keeps a host marked {@code ,down} in the list (shown, counted) but never uses it. */
    private static boolean isDown(String word) {
        return List.of(word.split(",", -1))
                .subList(1, word.split(",", -1).length)
                .contains("down");
    }

    private static int slotCount(String word, String prefix, String source, int at) throws HostListException {
        String rest = word.substring(prefix.length());
        if (rest.length() < 2 || (rest.charAt(0) != '=' && rest.charAt(0) != '/')) {
            throw new HostListException(source, at, word, "expected " + prefix + "=N");
        }
        return positive(rest.substring(1), source, at, word, "slot count");
    }

    HostSpec parseHost(String word, String source, int at) throws HostListException {
        String[] optionParts = word.split(",", -1);
        String body = optionParts[0];
        Compression compression = Compression.NONE;
        boolean pump = false;
        boolean lzo = false;
        boolean tls = false;
        for (int k = 1; k < optionParts.length; k++) {
            String opt = optionParts[k];
            switch (opt) {
                case "lzo" -> lzo = true;
                case "lz4" -> compression = Compression.LZ4;
                case "cpp" -> pump = true;
                case "tls" -> tls = true; // jdistcc's: see HostSpec.Tcp#tls
                case "down" -> {}
                default -> throw new HostListException(source, at, word, "unknown host option '" + opt + "'");
            }
        }
        if (lzo && compression == Compression.NONE) {
            compression = Compression.LZO;
        }
        if (pump && !lzo) {
            throw new HostListException(source, at, word, "',cpp' needs ',lzo' (pump mode is protocol 3)");
        }
        if (body.isEmpty()) {
            throw new HostListException(source, at, word, "empty host name");
        }
        if (body.equals("localhost") || body.startsWith("localhost/")) {
            int limit = body.equals("localhost") ? cpus : positive(body.substring(10), source, at, word, "limit");
            return new HostSpec.Local(limit);
        }
        int atSign = body.indexOf('@');
        if (atSign >= 0 && tls) {
            throw new HostListException(source, at, word, "',tls' is for TCP hosts (ssh encrypts and authenticates)");
        }
        if (atSign >= 0) {
            return parseSsh(body, atSign, compression, pump, source, at, word);
        }
        HostSpec.Tcp tcp = parseTcp(body, compression, pump, source, at, word);
        return tls ? new HostSpec.Tcp(tcp.host(), tcp.port(), tcp.limit(), compression, pump, true) : tcp;
    }

    private static HostSpec parseSsh(
            String body, int atSign, Compression compression, boolean pump, String source, int at, String word)
            throws HostListException {
        String user = atSign == 0 ? null : body.substring(0, atSign);
        String rest = body.substring(atSign + 1);
        String command = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            command = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        int limit = DEFAULT_SSH_LIMIT;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            limit = positive(rest.substring(slash + 1), source, at, word, "limit");
            rest = rest.substring(0, slash);
        }
        if (rest.isEmpty()) {
            throw new HostListException(source, at, word, "empty host name after '@'");
        }
        return new HostSpec.Ssh(user, rest, limit, command, compression, pump);
    }

    private static HostSpec.Tcp parseTcp(
            String body, Compression compression, boolean pump, String source, int at, String word)
            throws HostListException {
        String host;
        String rest;
        if (body.startsWith("[")) {
            int close = body.indexOf(']');
            if (close < 0) {
                throw new HostListException(source, at, word, "missing ']' after IPv6 address");
            }
            host = body.substring(1, close);
            rest = body.substring(close + 1);
        } else {
            int end = 0;
            while (end < body.length() && body.charAt(end) != '/' && body.charAt(end) != ':') {
                end++;
            }
            host = body.substring(0, end);
            rest = body.substring(end);
        }
        if (host.isEmpty()) {
            throw new HostListException(source, at, word, "empty host name");
        }
        int limit = DEFAULT_TCP_LIMIT;
        int port = DEFAULT_PORT;
        // distcc accepts the limit before or after the port: host/4:3632 and host:3632/4.
        while (!rest.isEmpty()) {
            char kind = rest.charAt(0);
            int end = 1;
            while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != ':') {
                end++;
            }
            String value = rest.substring(1, end);
            if (kind == '/') {
                limit = positive(value, source, at, word, "limit");
            } else if (kind == ':') {
                port = positive(value, source, at, word, "port");
                if (port > 65535) {
                    throw new HostListException(source, at, word, "port " + port + " is out of range");
                }
            } else {
                throw new HostListException(source, at, word, "unexpected '" + kind + "'");
            }
            rest = rest.substring(end);
        }
        return new HostSpec.Tcp(host, port, limit, compression, pump);
    }

    private static int positive(String digits, String source, int at, String word, String what)
            throws HostListException {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            throw new HostListException(source, at, word, "bad " + what + " '" + digits + "'");
        }
        int value = Integer.parseInt(digits);
        if (value <= 0) {
            throw new HostListException(source, at, word, what + " must be positive");
        }
        return value;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }
}
