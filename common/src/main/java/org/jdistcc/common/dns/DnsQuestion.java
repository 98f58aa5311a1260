package org.jdistcc.common.dns;

/**
 * A question: name and type, class IN.
 *
 * @param unicastResponse mDNS's QU bit (RFC 6762 section 5.4): answer the asker directly
 */
public record DnsQuestion(String name, int type, boolean unicastResponse) {
    public DnsQuestion(String name, int type) {
        this(name, type, false);
    }
}
