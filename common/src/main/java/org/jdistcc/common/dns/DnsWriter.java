package org.jdistcc.common.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link DnsMessage} into bytes (RFC 1035 section 4.1), without name compression: the
 * messages discovery sends are a question or a handful of records, well under the 1,232 bytes a
 * UDP answer should stay within.
 */
public final class DnsWriter {
    /** mDNS's cache-flush bit on a unique record's class (RFC 6762 section 10.2). */
    static final int CACHE_FLUSH = 0x8000;

    private DnsWriter() {}

    /** The message's bytes; fails for a name or string DNS cannot carry. */
    public static byte[] write(DnsMessage message) {
        return write(message, false);
    }

    /**
     * @param cacheFlush set mDNS's cache-flush bit on the SRV, TXT and address records, which only
     *     the responder owns (a PTR is shared: many instances answer for one service type)
     */
    public static byte[] write(DnsMessage message, boolean cacheFlush) {
        var out = new ByteArrayOutputStream(512);
        short16(out, message.id());
        short16(out, message.flags());
        short16(out, message.questions().size());
        short16(out, message.answers().size());
        short16(out, 0);
        short16(out, message.additionals().size());
        for (DnsQuestion q : message.questions()) {
            name(out, q.name());
            short16(out, q.type());
            short16(out, DnsRecord.CLASS_IN | (q.unicastResponse() ? 0x8000 : 0));
        }
        for (DnsRecord r : message.answers()) {
            record(out, r, cacheFlush);
        }
        for (DnsRecord r : message.additionals()) {
            record(out, r, cacheFlush);
        }
        return out.toByteArray();
    }

    private static void record(ByteArrayOutputStream out, DnsRecord r, boolean cacheFlush) {
        name(out, r.name());
        short16(out, r.type());
        boolean unique = cacheFlush && !(r instanceof DnsRecord.Ptr);
        short16(out, DnsRecord.CLASS_IN | (unique ? CACHE_FLUSH : 0));
        int32(out, r.ttl());
        var data = new ByteArrayOutputStream(64);
        switch (r) {
            case DnsRecord.Ptr p -> name(data, p.target());
            case DnsRecord.Srv s -> {
                short16(data, s.priority());
                short16(data, s.weight());
                short16(data, s.port());
                name(data, s.target());
            }
            case DnsRecord.Txt t -> {
                if (t.strings().isEmpty()) {
                    data.write(0); // RFC 6763 section 6.1: an empty TXT is one empty string
                }
                for (String s : t.strings()) {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    if (bytes.length > 255) {
                        throw new IllegalArgumentException("TXT string over 255 bytes: " + s);
                    }
                    data.write(bytes.length);
                    data.writeBytes(bytes);
                }
            }
            case DnsRecord.Address a -> data.writeBytes(a.address().getAddress());
        }
        short16(out, data.size());
        out.writeBytes(data.toByteArray());
    }

    /** Writes a name as labels; a dot inside a label is written {@code \.} in the text. */
    static void name(ByteArrayOutputStream out, String name) {
        int total = 1;
        for (String label : labels(name)) {
            byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0 || bytes.length > 63) {
                throw new IllegalArgumentException("bad DNS label in '" + name + "'");
            }
            total += bytes.length + 1;
            if (total > 255) {
                throw new IllegalArgumentException("DNS name over 255 bytes: " + name);
            }
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
    }

    static List<String> labels(String name) {
        List<String> labels = new ArrayList<>();
        var label = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length()) {
                label.append(name.charAt(++i));
            } else if (c == '.') {
                labels.add(label.toString());
                label.setLength(0);
            } else {
                label.append(c);
            }
        }
        if (!label.isEmpty()) {
            labels.add(label.toString());
        }
        return labels;
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void int32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }
}
