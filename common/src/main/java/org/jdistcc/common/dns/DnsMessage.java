package org.jdistcc.common.dns;

import java.util.List;

/**
 * One DNS message (RFC 1035 section 4.1): the parts discovery uses. Authority records are read
 * past and never kept.
 *
 * @param id the query's id, echoed by the answer (0 in mDNS multicast, RFC 6762 section 18.1)
 * @param flags the header's second 16 bits: QR, opcode, AA, TC, RD, RA, RCODE
 */
public record DnsMessage(
        int id, int flags, List<DnsQuestion> questions, List<DnsRecord> answers, List<DnsRecord> additionals) {
    public static final int FLAG_RESPONSE = 0x8000;
    public static final int FLAG_AUTHORITATIVE = 0x0400;
    public static final int FLAG_TRUNCATED = 0x0200;
    public static final int FLAG_RECURSION_DESIRED = 0x0100;
    public static final int RCODE_NAME_ERROR = 3;

    public DnsMessage {
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        additionals = List.copyOf(additionals);
    }

    /** A unicast query with recursion desired, as a stub resolver sends it. */
    public static DnsMessage query(int id, String name, int type) {
        return new DnsMessage(id, FLAG_RECURSION_DESIRED, List.of(new DnsQuestion(name, type)), List.of(), List.of());
    }

    public boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    public boolean isTruncated() {
        return (flags & FLAG_TRUNCATED) != 0;
    }

    public int rcode() {
        return flags & 0xF;
    }

    /** The answers and the additional records, answers first. */
    public List<DnsRecord> records() {
        return java.util.stream.Stream.concat(answers.stream(), additionals.stream())
                .toList();
    }
}
