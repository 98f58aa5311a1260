package org.jdistcc.client.hosts;

import java.util.List;

/**
 * A host-list word that names where to find volunteers rather than a volunteer (docs/hosts.md):
 * {@code +zeroconf} (distcc 3.4's: DNS-SD over mDNS), {@code +srv=DOMAIN} (the SRV records of
 * {@code _distcc._tcp.DOMAIN}, RFC 2782) and {@code +addresses=NAME} (one volunteer per A or AAAA
 * record of NAME). Parsing only: {@link Discoverer} finds the volunteers.
 *
 * @param word as written in the list
 * @param name the domain or host name to look up; empty for {@code +zeroconf}
 * @param port the port for {@code +addresses=} ({@code :PORT} or 3632); unused otherwise, where
 *     the records give it
 * @param suffix what follows the address and port in each volunteer's word: {@code /LIMIT} and
 *     options as written ({@code +srv=example.org/8,lzo} gives {@code 10.0.0.5:3632/8,lzo})
 */
public record DiscoveryWord(Kind kind, String word, String name, int port, String suffix) {
    public enum Kind {
        ZEROCONF,
        SRV,
        ADDRESSES
    }

    /**
     * Finds the volunteers of a discovery word. A failed lookup is a warning, never a failed
     * host list: the other hosts are still used.
     */
    @FunctionalInterface
    public interface Discoverer {
        Found find(DiscoveryWord word);

        /** No discovery (tools that only parse): every discovery word is a warning. */
        Discoverer NONE = w -> new Found(List.of(), List.of(w.word() + ": volunteers are not looked up here"));
    }

    /**
     * @param words one host word per volunteer found, in the host-list grammar
     *     ({@code ADDRESS:PORT/LIMIT,OPTIONS}, IPv6 addresses in brackets)
     * @param warnings what went wrong, for the client to tell
     */
    public record Found(List<String> words, List<String> warnings) {
        public Found {
            words = List.copyOf(words);
            warnings = List.copyOf(warnings);
        }
    }
}
