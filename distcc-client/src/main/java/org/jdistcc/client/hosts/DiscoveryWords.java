package org.jdistcc.client.hosts;

import org.jdistcc.client.hosts.DiscoveryWord.Kind;

/**
 * The grammar of discovery words. {@code +zeroconf} is distcc 3.4's, exactly ({@code src/hosts.c}
 * compares the whole word). {@code +srv=} and {@code +addresses=} are jdistcc's: distcc's TODO
 * asks for both ("DNS SRV records", "DNS multi-A-records") without a syntax, and warns that a name
 * with several addresses is often one machine with several interfaces, so a plain name keeps
 * distcc's meaning (one volunteer, the resolver picks the address) and expanding it is asked for.
 */
final class DiscoveryWords {
    static final String SRV = "+srv=";
    static final String ADDRESSES = "+addresses=";
    static final String ZEROCONF = "+zeroconf";

    private DiscoveryWords() {}

    static boolean isDiscovery(String word) {
        return word.equals(ZEROCONF)
                || word.startsWith(ZEROCONF + ",")
                || word.startsWith(SRV)
                || word.startsWith(ADDRESSES);
    }

    /**
     * @param word without its {@code ,auth} options
     */
    static DiscoveryWord parse(String word, String source, int at, HostListParser parser) throws HostListException {
        if (word.startsWith(ZEROCONF)) {
            String options = word.substring(ZEROCONF.length());
            if (!options.isEmpty()) {
                // Only ,down: a volunteer's limit comes from its TXT record, its dialect from its hello.
                if (!options.equals(",down")) {
                    throw new HostListException(source, at, word, "+zeroconf takes no options but ,down");
                }
            }
            return new DiscoveryWord(Kind.ZEROCONF, word, "", HostListParser.DEFAULT_PORT, "");
        }
        boolean srv = word.startsWith(SRV);
        String rest = word.substring(srv ? SRV.length() : ADDRESSES.length());
        int end = 0;
        while (end < rest.length() && "/:,".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String name = rest.substring(0, end);
        if (name.length() > 253 || !name.matches("([A-Za-z0-9_-]{1,63}\\.)*[A-Za-z0-9_-]{1,63}\\.?")) {
            throw new HostListException(source, at, word, "bad DNS name '" + name + "'");
        }
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name; // an absolute name
        String tail = rest.substring(end);
        if (srv && tail.startsWith(":")) {
            throw new HostListException(source, at, word, "+srv= takes its port from the SRV records, not ':PORT'");
        }
        // The tail is checked as a host's: the same limit and options, the same messages.
        HostSpec template = parser.parseHost("discovered" + tail, source, at);
        if (!(template instanceof HostSpec.Tcp tcp)) {
            throw new HostListException(source, at, word, "expected NAME[:PORT][/LIMIT][,OPTIONS]");
        }
        int comma = tail.indexOf(',');
        String suffix = "/" + tcp.limit() + (comma < 0 ? "" : tail.substring(comma));
        return new DiscoveryWord(srv ? Kind.SRV : Kind.ADDRESSES, word, name, tcp.port(), suffix);
    }
}
